package dev.mcpoauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keyring store against a real Secret Service: GNOME Keyring in a private D-Bus session, one per
 * test, each test's checks running in a child JVM ({@link KeyringScenarios}).
 */
class KeyringCredentialStoreTest {
    @TempDir
    Path dir;
    private SecretServiceSession session;

    @BeforeEach
    void needsASecretService() {
        SecretServiceSession.assumeAvailable();
        session = new SecretServiceSession(dir);
    }

    private void passes(boolean unlock, String commands) throws Exception {
        SecretServiceSession.Result result = session.run(unlock, commands);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Nested
    class WithAnUnlockedKeyring {
        @Test
        void roundTripsEveryFieldAsOneSecretPerServer() throws Exception {
            passes(true, SecretServiceSession.scenario("round-trip"));
        }

        @Test
        void deletesOneEntryAndKeepsTheOthers() throws Exception {
            passes(true, SecretServiceSession.scenario("delete"));
        }

        @Test
        void listsEveryEntryAndForgetsOnesRemovedOutsideMcpOAuth() throws Exception {
            passes(true, SecretServiceSession.scenario("list"));
        }

        @Test
        void updatesCreatesReplacesAndDeletesThroughOneChange() throws Exception {
            passes(true, SecretServiceSession.scenario("update"));
        }

        @Test
        void serialisesUpdatesOfTwoProcessesSoNoneIsLost() throws Exception {
            passes(true, String.join("\n",
                    SecretServiceSession.scenario("update-init") + " || exit 1",
                    SecretServiceSession.scenario("update-worker", "15") + " & first=$!",
                    SecretServiceSession.scenario("update-worker", "15") + " & second=$!",
                    "wait $first || exit 1",
                    "wait $second || exit 1",
                    SecretServiceSession.scenario("update-check", "30")));
        }

        @Test
        void autoModeUsesTheKeyringWithoutAWarning() throws Exception {
            passes(true, SecretServiceSession.scenario("auto-uses-keyring"));
        }
    }

    @Nested
    class WhenTheKeyringDoesNotAnswer {
        @Test
        void givesUpAfterFiveSecondsAndAutoModeFallsBackToTheFile() throws Exception {
            passes(true, SecretServiceSession.scenario("hang"));
        }

        @Test
        void reportsALockedKeyringThatCannotPromptAndAutoModeFallsBackToTheFile() throws Exception {
            passes(true, SecretServiceSession.scenario("prepare-locked"));
            passes(false, SecretServiceSession.scenario("locked"));
        }
    }
}
