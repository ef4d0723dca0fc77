package dev.mcpoauth.mcpsdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import dev.mcpoauth.dpop.DPoPProofs;
import dev.mcpoauth.registration.PreRegistered;
import dev.mcpoauth.store.InMemoryCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import dev.mcpoauth.token.Tokens;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A stored DPoP-bound token is presented with the DPoP scheme and a proof, and a server nonce is honoured. */
class DPoPPresentationTest {

    @Test
    void presentsTheTokenWithTheDPoPSchemeAProofPerRequestAndTheServersNonce() throws Exception {
        try (DPoPResourceServer server = new DPoPResourceServer()) {
            InMemoryCredentialStore store = new InMemoryCredentialStore();
            store.save(new StoredCredentials(new ServerKey("bound", server.url().toString()), "https://as.example.test",
                    server.url().toString(), URI.create("https://as.example.test/token"),
                    PreRegistered.publicClient("client-1"),
                    new Tokens("dpop-token-1", "DPoP", null, Instant.now().plusSeconds(3600), Set.of()), Instant.now()));
            McpOAuth oauth = McpOAuth.builder("bound").credentialStore(store).loginInteraction(LoginInteraction.NONE)
                    .dpop(DPoPProofs.generate()).build();
            McpSyncClient client = McpClient.sync(McpOAuthTransports.streamableHttp(server.url(), oauth).build())
                    .requestTimeout(Duration.ofSeconds(20)).build();
            try {
                client.initialize();
                assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("bound");
            } finally {
                client.closeGracefully();
            }

            String ath = Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest("dpop-token-1".getBytes(StandardCharsets.US_ASCII))).toString();
            assertThat(server.seen()).allSatisfy(seen -> {
                assertThat(seen.authorization()).isEqualTo("DPoP dpop-token-1");
                assertThat(seen.proofAth()).isEqualTo(ath);
                assertThat(seen.proofHtu()).isEqualTo(server.url().toString());
            });
            assertThat(server.seen().get(0).proofNonce()).isNull();
            assertThat(server.seen().subList(1, server.seen().size()))
                    .allSatisfy(seen -> assertThat(seen.proofNonce()).isEqualTo(DPoPResourceServer.NONCE));
        }
    }
}
