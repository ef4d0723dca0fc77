package dev.mcpoauth.appserver.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the protocol artifacts into {@code mcp-oauth-app-server/schema/} and removes generated files
 * of types that no longer exist.
 *
 * <pre>
 * mvn -q -pl mcp-oauth-app-server test-compile exec:java@generate-schema
 * </pre>
 */
public final class ProtocolArtifactsMain {
    private ProtocolArtifactsMain() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "mcp-oauth-app-server/schema");
        Map<String, String> files = ProtocolArtifacts.generate();
        for (String dir : List.of("json", "typescript")) {
            Path folder = root.resolve(dir);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> existing = Files.list(folder)) {
                    for (Path file : existing.toList()) {
                        if (!files.containsKey(dir + "/" + file.getFileName())) {
                            Files.delete(file);
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("Wrote " + files.size() + " files to " + root);
    }
}
