package dev.mcpoauth.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code mcp-oauth --version}: the jar's implementation version, else "development build". */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"mcp-oauth " + (version == null ? "(development build)" : version)};
    }
}
