package dev.mcpoauth.appserver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The mcp-oauth release this app server belongs to, from the build. */
final class Version {
    private static final String VALUE = load();

    private Version() {
    }

    static String value() {
        return VALUE;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
