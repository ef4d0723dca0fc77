package dev.mcpoauth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A frozen test server configuration, made by {@link TestServersBuilder#build()}. It can start any number of
 * independent server pairs.
 */
public final class TestServersConfig {

    private final Settings settings;

    TestServersConfig(Settings settings) {
        this.settings = settings;
    }

    /**
     * Binds both servers to ephemeral loopback ports and starts them.
     *
     * @return the running servers; close them when done
     * @throws UncheckedIOException if a port cannot be bound
     */
    public TestServers start() {
        try {
            return TestServers.launch(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test servers", e);
        }
    }

    @Override
    public String toString() {
        return "TestServersConfig" + settings;
    }
}
