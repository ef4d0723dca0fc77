package dev.mcpoauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.internal.Urls;
import dev.mcpoauth.store.ChildJvm;
import dev.mcpoauth.testkit.IssuedToken;
import dev.mcpoauth.testkit.RecordedRequest;
import dev.mcpoauth.testkit.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything a process prints while it logs in, refreshes and fails in every common way, with every
 * logger at TRACE, holds none of the secrets involved: access and refresh tokens, the client secret,
 * the authorization code and the PKCE verifier. The secrets are collected from what the test servers
 * issued and received, so the check does not trust the client's own account of them.
 */
class NoSecretsInLogsTest {
    @TempDir
    Path dir;

    @Test
    void neitherLogsNorMessagesNorToStringsShowAnyTokenCodeVerifierOrClientSecret() throws Exception {
        String output;
        Map<String, String> secrets = new LinkedHashMap<>();
        Path sideFile = dir.resolve("verifier.txt");
        try (TestServers servers = TestServers.builder().singleUseRefreshTokens(true)
                .tokenEndpointAuthMethods("client_secret_basic", "client_secret_post").build().start()) {
            try (ChildJvm child = ChildJvm.start(FullyLoggedLogin.class,
                    List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=trace"),
                    dir.resolve("home").toString(), servers.mcpUrl().toString(), sideFile.toString())) {
                int exit = child.waitFor(Duration.ofSeconds(120));
                output = child.output();
                assertThat(exit).as(output).isZero();
            }
            String tokenPath = URI.create(servers.issuer() + "/token").getPath();
            for (IssuedToken issued : servers.issuedTokens()) {
                secrets.put(issued.accessToken(), "access token");
                if (issued.refreshToken() != null) {
                    secrets.put(issued.refreshToken(), "refresh token");
                }
            }
            for (RecordedRequest request : servers.requests()) {
                if (!request.path().equals(tokenPath) || request.body() == null) {
                    continue;
                }
                Map<String, String> form = Urls.parseQuery(request.body(), new ArrayList<>());
                putIfPresent(secrets, form.get("code"), "authorization code");
                putIfPresent(secrets, form.get("code_verifier"), "PKCE verifier");
                putIfPresent(secrets, form.get("refresh_token"), "refresh token");
                putIfPresent(secrets, form.get("client_secret"), "client secret");
                String authorization = request.header("Authorization");
                if (authorization != null && authorization.startsWith("Basic ")) {
                    String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
                    putIfPresent(secrets, Urls.formDecode(pair.substring(pair.indexOf(':') + 1)), "client secret");
                    secrets.put(authorization.substring(6), "client credentials (Basic)");
                }
            }
        }
        secrets.put(Files.readString(sideFile).strip(), "PKCE verifier");

        assertThat(secrets.values()).contains("access token", "refresh token", "authorization code", "PKCE verifier",
                "client secret");
        assertThat(secrets.values().stream().filter("access token"::equals).count()).as("login + 2 refreshes").isGreaterThanOrEqualTo(3);
        // The output is the real thing: TRACE logging was on, and every failure was met and reported.
        assertThat(output).contains("Refreshed the access token of 'docs'", "step CREDENTIALS_SAVED");
        assertThat(output).contains(FullyLoggedLogin.expectedErrorLines());

        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertThat(output).as("the output shows a " + secret.getValue()).doesNotContain(secret.getKey());
        }
    }

    private static void putIfPresent(Map<String, String> secrets, String value, String what) {
        if (value != null && !value.isEmpty()) {
            secrets.put(value, what);
        }
    }
}
