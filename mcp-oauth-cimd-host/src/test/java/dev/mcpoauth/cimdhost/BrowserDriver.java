package dev.mcpoauth.cimdhost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.http.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code e2e/oidc-provider/browser.js}: headless Debian Chromium, driven by playwright-core,
 * logs in and consents at oidc-provider and lands on the callback page.
 */
final class BrowserDriver {
    private static final long TIMEOUT_SECONDS = 90;

    private final E2eTools tools;

    BrowserDriver(E2eTools tools) {
        this.tools = tools;
    }

    /** What the browser saw. */
    record Outcome(boolean ok, String consentText, String callbackUrl, String callbackTitle, String error) {
    }

    /**
     * Opens {@code authorizationUrl}, approves, and waits until the browser is on {@code redirectUri}'s
     * origin. Screenshots are {@code target/e2e-screenshots/<name>-{login,consent,callback}.png}.
     */
    Outcome authorize(URI authorizationUrl, URI redirectUri, String name) throws Exception {
        Path screenshots = tools.screenshots();
        String redirectPrefix = redirectUri.getScheme() + "://" + redirectUri.getRawAuthority() + "/";
        ObjectNode options = Json.MAPPER.createObjectNode()
                .put("url", authorizationUrl.toString())
                .put("redirectPrefix", redirectPrefix)
                .put("screenshots", screenshots.toString())
                .put("name", name)
                .put("executablePath", tools.chromium().toString());
        Process process = tools.node(Map.of(), "browser.js", options.toString())
                .redirectError(tools.output().resolve("e2e-browser-" + name + ".log").toFile())
                .start();
        CompletableFuture<byte[]> stdoutRead = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                return new byte[0];
            }
        });
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("browser.js did not finish within " + TIMEOUT_SECONDS + " s");
        }
        byte[] stdout = stdoutRead.get(10, TimeUnit.SECONDS);
        List<String> lines = new String(stdout, StandardCharsets.UTF_8).lines().toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException("browser.js printed nothing (exit " + process.exitValue() + "); see target/e2e-browser-"
                    + name + ".log");
        }
        ObjectNode result = Json.parseObject(lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8), "browser.js");
        return new Outcome(result.path("ok").asBoolean(), result.path("consentText").asText(null),
                result.path("callbackUrl").asText(null), result.path("callbackTitle").asText(null),
                result.path("error").asText(null));
    }
}
