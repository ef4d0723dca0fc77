package dev.mcpoauth.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpoauth.config.CredentialsStoreMode;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.FileCredentialStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoresTest {
    @TempDir
    Path home;

    @Test
    void opensTheFileStoreForFileModeWithoutTouchingAnyKeyring() {
        List<String> warnings = new ArrayList<>();
        CredentialStore store = CredentialStores.open(CredentialsStoreMode.FILE, home, warnings::add);
        assertThat(store).isInstanceOfSatisfying(FileCredentialStore.class,
                f -> assertThat(f.file()).isEqualTo(home.resolve("credentials.json").toAbsolutePath()));
        assertThat(warnings).isEmpty();
    }

    @Test
    void fallsBackToTheFileWithOneWarningWhenThereIsNoDBusSession() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"),
                "skipped: the D-Bus Secret Service is the keyring on Linux only");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", SecretServiceSession.testClassPath(), KeyringScenarios.class.getName(), "no-dbus", home.toString())
                .redirectErrorStream(true);
        builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void showsPathsUnderTheUsersHomeWithATilde() {
        Path inHome = Path.of(System.getProperty("user.home"), ".mcp-oauth", "credentials.json");
        assertThat(KeyringCredentialStore.displayPath(inHome)).isEqualTo("~/.mcp-oauth/credentials.json");
        assertThat(KeyringCredentialStore.displayPath(Path.of("/srv/mcp/credentials.json")))
                .isEqualTo("/srv/mcp/credentials.json");
    }
}
