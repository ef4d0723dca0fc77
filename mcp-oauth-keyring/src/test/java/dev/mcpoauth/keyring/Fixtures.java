package dev.mcpoauth.keyring;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.Tokens;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Credentials with every field set, for store tests. */
final class Fixtures {
    static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);

    private Fixtures() {
    }

    static ServerKey key(String name) {
        return new ServerKey(name, "https://mcp.example.com/" + name);
    }

    static StoredCredentials credentials(String name, String accessToken) {
        return new StoredCredentials(key(name), "https://auth.example.com", "https://mcp.example.com/" + name,
                URI.create("https://auth.example.com/token"),
                new DynamicallyRegistered("client-" + name, new Secret("client-secret-" + name),
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "https://auth.example.com",
                        List.of("http://127.0.0.1:4321/callback/x"), NOW.plusSeconds(86_400)),
                new Tokens(accessToken, "Bearer", "refresh-" + name, NOW.plusSeconds(3600), Set.of("mcp:read", "mcp:write")),
                NOW);
    }
}
