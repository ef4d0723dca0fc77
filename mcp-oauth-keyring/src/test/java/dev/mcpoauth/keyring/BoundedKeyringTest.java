package dev.mcpoauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.javakeyring.PasswordAccessException;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounds and error reporting of the keyring store, on hand-written backends that run anywhere
 * (the real Secret Service is tested in {@link KeyringCredentialStoreTest}).
 */
class BoundedKeyringTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path home;

    /** A keyring in memory whose calls can be made to hang or fail. */
    static final class ScriptedKeyring implements SecretsBackend {
        final Map<String, String> secrets = new ConcurrentHashMap<>();
        final AtomicInteger connects = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile boolean hang;
        volatile boolean ignoreInterrupts;
        volatile RuntimeException failure;
        volatile long delayMillis;

        SecretsBackend.Connector connector() {
            return done -> {
                connects.incrementAndGet();
                done.accept(closed::countDown);
                return this;
            };
        }

        private void act() {
            if (failure != null) {
                throw failure;
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            while (hang) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    if (!ignoreInterrupts) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
            }
        }

        @Override
        public Optional<String> read(String account) {
            act();
            return Optional.ofNullable(secrets.get(account));
        }

        @Override
        public void write(String account, String secret) {
            act();
            secrets.put(account, secret);
        }

        @Override
        public boolean remove(String account) {
            act();
            return secrets.remove(account) != null;
        }
    }

    private KeyringCredentialStore open(ScriptedKeyring keyring) {
        return KeyringCredentialStore.open(home, keyring.connector(), SHORT, "scripted");
    }

    @Nested
    class WhenTheKeyringHangs {
        @Test
        void opensWithAClearReasonAfterTheTimeout() {
            ScriptedKeyring keyring = new ScriptedKeyring();
            keyring.hang = true;
            try {
                assertThatThrownBy(() -> open(keyring))
                        .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED);
                            assertThat(e.detail()).isEqualTo("the OS keyring is not available (it did not answer within 300 ms)");
                        });
            } finally {
                keyring.hang = false;
            }
        }

        @Test
        void failsAnOperationAfterTheTimeoutAndClosesTheConnection() throws Exception {
            ScriptedKeyring keyring = new ScriptedKeyring();
            KeyringCredentialStore store = open(keyring);
            keyring.hang = true;
            try {
                assertThatThrownBy(() -> store.save(Fixtures.credentials("docs", "a")))
                        .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED);
                            assertThat(e.detail()).isEqualTo("the OS keyring did not answer within 300 ms");
                            assertThat(e.hint()).startsWith("A locked or hung keyring does not answer: unlock it, or set "
                                    + "mcp_oauth_credentials_store = \"file\" in config.toml");
                        });
                assertThat(keyring.closed.await(5, TimeUnit.SECONDS)).isTrue();
            } finally {
                keyring.hang = false;
            }
        }

        @Test
        void failsAtOnceWhileAnEarlierCallIsStillStuck() {
            ScriptedKeyring keyring = new ScriptedKeyring();
            KeyringCredentialStore store = open(keyring);
            keyring.hang = true;
            keyring.ignoreInterrupts = true;
            try {
                assertThatThrownBy(() -> store.load(Fixtures.key("docs"))).isInstanceOf(McpOAuthException.class);
                int connects = keyring.connects.get();
                assertThatThrownBy(() -> store.load(Fixtures.key("docs")))
                        .isInstanceOfSatisfying(McpOAuthException.class,
                                e -> assertThat(e.detail()).isEqualTo("the OS keyring did not answer within 300 ms"));
                assertThat(keyring.connects).as("no new call queued behind the stuck one").hasValue(connects);
            } finally {
                keyring.hang = false;
            }
        }
    }

    @Test
    void servesManyThreadsAtOnceOneCallAfterTheOther() throws Exception {
        ScriptedKeyring keyring = new ScriptedKeyring();
        KeyringCredentialStore store = open(keyring);
        store.save(Fixtures.credentials("docs", "a"));
        keyring.delayMillis = 2;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.List<java.util.concurrent.Future<Optional<dev.mcpoauth.store.StoredCredentials>>> loads = new java.util.ArrayList<>();
        for (int i = 0; i < 80; i++) {
            loads.add(pool.submit(() -> store.load(Fixtures.key("docs"))));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (var load : loads) {
            assertThat(load.get()).isPresent(); // a busy keyring thread is not a stuck one
        }
    }

    @Test
    void reportsWhatTheKeyringSaidWhenItRefuses() {
        ScriptedKeyring keyring = new ScriptedKeyring();
        KeyringCredentialStore store = open(keyring);
        keyring.failure = new IllegalStateException("org.freedesktop.Secret.Error.IsLocked: Cannot create an item in a locked collection");
        assertThatThrownBy(() -> store.save(Fixtures.credentials("docs", "a")))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED);
                    assertThat(e.detail()).isEqualTo("the OS keyring could not store the credentials of 'docs' "
                            + "(org.freedesktop.Secret.Error.IsLocked: Cannot create an item in a locked collection)");
                });
    }

    @Test
    void refusesAnEntryWrittenByANewerVersionWithoutOverwritingIt() {
        ScriptedKeyring keyring = new ScriptedKeyring();
        KeyringCredentialStore store = open(keyring);
        String newer = "{\"version\":2,\"server_name\":\"docs\",\"server_url\":\"https://mcp.example.com/docs\"}";
        keyring.secrets.put(Fixtures.key("docs").id(), newer);
        assertThatThrownBy(() -> store.update(Fixtures.key("docs"), before -> Optional.empty()))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILED);
                    assertThat(e.detail()).isEqualTo("the keyring entry of 'docs' has format version 2, "
                            + "newer than this mcp-oauth understands (1)");
                });
        assertThat(keyring.secrets).containsEntry(Fixtures.key("docs").id(), newer);
    }

    @Test
    void recognisesJavaKeyringsWaysOfSayingASecretIsAbsent() {
        assertThat(JavaKeyringBackend.isNotFound(new PasswordAccessException("No stored credentials match mcp-oauth account: a|b"))).isTrue();
        assertThat(JavaKeyringBackend.isNotFound(new PasswordAccessException("Error code 1168"))).isTrue();
        assertThat(JavaKeyringBackend.isNotFound(new PasswordAccessException("The specified item could not be found in the keychain."))).isTrue();
        assertThat(JavaKeyringBackend.isNotFound(new PasswordAccessException("Error code 5"))).isFalse();
    }

    @Test
    void derivesTheSessionKeyWithHkdfSha256() throws Exception {
        // RFC 5869 test case 3: SHA-256, zero-length salt and info; the first 16 bytes of its OKM.
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        assertThat(java.util.HexFormat.of().formatHex(SecretServiceBackend.hkdfSha256(ikm, 16)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31");
    }
}
