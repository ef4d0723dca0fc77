package dev.mcpoauth.store;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.token.Tokens;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The writer that {@link WriterKilledMidWriteTest} kills: saves entries to {@code credentials.json}
 * as fast as it can, forever, and prints {@code writing} after the first save. Each entry is
 * self-checking: its access token {@code at-N-LEN-xxx…} carries its own padding length, and its
 * refresh token is {@code rt-N}, so a torn or mixed entry is recognisable.
 *
 * <p>Arguments: MCP_OAUTH_HOME, first sequence number.
 */
public final class CredentialsWriter {
    static final ServerKey MAIN = new ServerKey("docs", "https://mcp.example.com/docs");
    static final ServerKey OTHER = new ServerKey("other", "https://mcp.example.com/other");

    private CredentialsWriter() {
    }

    static StoredCredentials entry(ServerKey key, long n, int padding) {
        String accessToken = "at-" + n + "-" + padding + "-" + "x".repeat(padding);
        return new StoredCredentials(key, "https://auth.example.com", key.url(), URI.create("https://auth.example.com/token"),
                new DynamicallyRegistered("client-" + n, new Secret("secret-" + n), ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                        "https://auth.example.com", List.of("http://127.0.0.1:4321/callback/x"), null),
                new Tokens(accessToken, "Bearer", "rt-" + n, Instant.ofEpochSecond(1_790_000_000L + n), Set.of("mcp:read")),
                Instant.ofEpochSecond(1_790_000_000L));
    }

    public static void main(String[] args) {
        FileCredentialStore store = FileCredentialStore.inHome(Path.of(args[0]));
        long n = Long.parseLong(args[1]);
        Random random = new Random(n);
        boolean announced = false;
        while (true) {
            n++;
            // Sizes vary from a few hundred bytes to ~40 KB, so a rewrite is sometimes shorter, sometimes longer.
            store.save(entry(n % 3 == 0 ? OTHER : MAIN, n, random.nextInt(40_000)));
            if (!announced) {
                System.out.println("writing");
                announced = true;
            }
        }
    }
}
