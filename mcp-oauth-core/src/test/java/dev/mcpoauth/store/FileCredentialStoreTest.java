package dev.mcpoauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.registration.DynamicallyRegistered;
import dev.mcpoauth.registration.MetadataDocument;
import dev.mcpoauth.token.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialStoreTest {
    @TempDir
    Path home;

    private static final java.net.URI TOKEN_ENDPOINT = java.net.URI.create("https://auth.example.com/token");
    private static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);

    static StoredCredentials dynamic(String name, String access) {
        return new StoredCredentials(new ServerKey(name, "https://mcp.example.com/" + name),
                "https://auth.example.com", "https://mcp.example.com/" + name, TOKEN_ENDPOINT,
                new DynamicallyRegistered("client-" + name, new Secret("client-secret-" + name),
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "https://auth.example.com",
                        List.of("http://127.0.0.1:4321/callback/x"), null),
                new Tokens(access, "Bearer", "refresh-" + name, NOW.plusSeconds(3600), Set.of("mcp:read")), NOW);
    }

    @Test
    void roundTripsEveryField() {
        FileCredentialStore store = FileCredentialStore.inHome(home);
        StoredCredentials saved = dynamic("docs", "access-docs");
        store.save(saved);

        StoredCredentials loaded = FileCredentialStore.inHome(home).load(saved.key()).orElseThrow();
        assertThat(loaded.issuer()).isEqualTo("https://auth.example.com");
        assertThat(loaded.resource()).isEqualTo("https://mcp.example.com/docs");
        assertThat(loaded.tokenEndpoint()).isEqualTo(TOKEN_ENDPOINT);
        assertThat(loaded.tokens().accessToken()).isEqualTo("access-docs");
        assertThat(loaded.tokens().refreshToken()).isEqualTo("refresh-docs");
        assertThat(loaded.tokens().expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(loaded.tokens().scopes()).containsExactly("mcp:read");
        assertThat(loaded.client()).isInstanceOfSatisfying(DynamicallyRegistered.class, c -> {
            assertThat(c.clientId()).isEqualTo("client-docs");
            assertThat(c.secret()).map(Secret::getValue).hasValue("client-secret-docs");
            assertThat(c.authMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        });
        assertThat(loaded.savedAt()).isEqualTo(NOW);
    }

    @Test
    void keysEntriesByNameAndUrl() {
        FileCredentialStore store = FileCredentialStore.inHome(home);
        store.save(dynamic("docs", "a"));
        assertThat(store.load(new ServerKey("docs", "https://elsewhere.example.com/docs"))).isEmpty();
        assertThat(store.load(new ServerKey("docs", "https://mcp.example.com/docs"))).isPresent();
    }

    @Test
    void writesTheFileOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
        Path nested = home.resolve("nested");
        FileCredentialStore.inHome(nested).save(dynamic("docs", "a"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.resolve("credentials.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void recordsAFormatVersionAndLeavesNoTempFiles() throws Exception {
        FileCredentialStore store = FileCredentialStore.inHome(home);
        store.save(dynamic("a", "1"));
        store.save(dynamic("b", "2"));
        String json = Files.readString(home.resolve("credentials.json"));
        assertThat(json).contains("\"version\" : 1");
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("credentials.json", "credentials.json.lock");
        }
    }

    @Test
    void deletesOneEntryAndKeepsTheOthers() {
        FileCredentialStore store = FileCredentialStore.inHome(home);
        store.save(dynamic("a", "1"));
        store.save(dynamic("b", "2"));
        assertThat(store.delete(new ServerKey("a", "https://mcp.example.com/a"))).isTrue();
        assertThat(store.delete(new ServerKey("a", "https://mcp.example.com/a"))).isFalse();
        assertThat(store.list()).extracting(c -> c.key().name()).containsExactly("b");
    }

    @Test
    void keepsMetadataDocumentClientsWithoutSecrets() {
        FileCredentialStore store = FileCredentialStore.inHome(home);
        StoredCredentials cimd = new StoredCredentials(new ServerKey("c", "https://mcp.example.com/c"),
                "https://auth.example.com", null, TOKEN_ENDPOINT, new MetadataDocument("https://meta.example.com/x/client.json", "https://auth.example.com"),
                new Tokens("acc", "Bearer", null, null, Set.of()), NOW);
        store.save(cimd);
        assertThat(store.load(cimd.key()).orElseThrow().client()).isInstanceOf(MetadataDocument.class)
                .extracting(c -> c.clientId()).isEqualTo("https://meta.example.com/x/client.json");
    }

    @Test
    void movesACorruptFileAsideAndSaysSo() throws Exception {
        Path file = home.resolve("credentials.json");
        Files.writeString(file, "{\"version\":1,\"servers\":{", StandardCharsets.UTF_8);
        FileCredentialStore store = FileCredentialStore.inHome(home);
        assertThatThrownBy(() -> store.load(new ServerKey("a", "u")))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED);
                    assertThat(e.detail()).contains("was unreadable").contains("moved to");
                    assertThat(e.hint()).contains("Log in again");
                });
        try (Stream<Path> files = Files.list(home)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("credentials.json.corrupt-"))
                    .findFirst().orElseThrow();
            assertThat(Files.readString(aside)).isEqualTo("{\"version\":1,\"servers\":{");
        }
    }

    @Test
    void refusesAFileFromANewerVersionWithoutTouchingIt() throws Exception {
        Path file = home.resolve("credentials.json");
        Files.writeString(file, "{\"version\":99,\"servers\":{}}", StandardCharsets.UTF_8);
        FileCredentialStore store = FileCredentialStore.inHome(home);
        assertThatThrownBy(() -> store.save(dynamic("a", "1")))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED))
                .hasMessageContaining("format version 99");
        assertThat(Files.readString(file)).isEqualTo("{\"version\":99,\"servers\":{}}");
    }

    @Test
    void losesNoUpdateWhenManyThreadsSaveAtOnce() throws Exception {
        FileCredentialStore store = FileCredentialStore.inHome(home);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 40; i++) {
            int n = i;
            pool.submit(() -> store.save(dynamic("s" + n, "t" + n)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(FileCredentialStore.inHome(home).list()).hasSize(40);
    }

    @Test
    void neverPrintsTokensOrSecretsInToString() {
        StoredCredentials c = dynamic("docs", "access-token-value");
        assertThat(c.toString()).doesNotContain("access-token-value", "refresh-docs", "client-secret-docs");
    }
}
