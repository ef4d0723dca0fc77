package dev.mcpoauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing {@code credentials.json} is killed with SIGKILL at random moments, many times:
 * the file is never corrupt, empty or half-written, and a temp file is never taken for it.
 */
class WriterKilledMidWriteTest {
    private static final int KILLS = 30;
    private static final Pattern ACCESS_TOKEN = Pattern.compile("at-(\\d+)-(\\d+)-(x*)");

    @TempDir
    Path home;

    @Test
    void leavesTheOldOrTheNewFileButNeverACorruptOneWhenTheWriterIsKilled() throws Exception {
        Random random = new Random(20261126L);
        Path file = home.resolve("credentials.json");
        for (int round = 0; round < KILLS; round++) {
            int kill = round;
            try (ChildJvm writer = ChildJvm.start(CredentialsWriter.class, home.toString(), String.valueOf(kill * 1_000_000L))) {
                writer.awaitLine("writing", Duration.ofSeconds(60));
                Thread.sleep(random.nextInt(150));
                writer.kill();
            }
            if (Files.exists(file)) {
                assertCompleteFile(file, kill);
                // The store reads exactly that file, not a temp file beside it.
                FileCredentialStore store = FileCredentialStore.inHome(home);
                assertThat(store.load(CredentialsWriter.MAIN)).isPresent();
                store.list().forEach(c -> assertCompleteEntry(c.tokens().accessToken(), c.tokens().refreshToken(), kill));
            }
            try (Stream<Path> files = Files.list(home)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("after kill " + kill)
                        .noneMatch(name -> name.startsWith("credentials.json.corrupt-"));
            }
        }
        assertThat(file).exists();

        // A normal write afterwards succeeds and leaves no temp file of the killed writers behind.
        FileCredentialStore.inHome(home).save(CredentialsWriter.entry(CredentialsWriter.MAIN, 1, 10));
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("credentials.json", "credentials.json.lock");
        }
    }

    private static void assertCompleteFile(Path file, int kill) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).as("credentials.json after kill " + kill).isNotEmpty();
        ObjectNode root = Json.parseObject(bytes, "credentials.json after kill " + kill);
        assertThat(root.path("version").asInt()).isEqualTo(FileCredentialStore.FORMAT_VERSION);
        JsonNode servers = root.path("servers");
        assertThat(servers.isObject()).isTrue();
        assertThat(servers.size()).isBetween(1, 2);
        for (JsonNode entry : (Iterable<JsonNode>) servers::elements) {
            assertCompleteEntry(entry.path("tokens").path("access_token").asText(),
                    entry.path("tokens").path("refresh_token").asText(), kill);
            assertThat(entry.path("client").path("client_secret").asText()).startsWith("secret-");
        }
    }

    /** The access token carries its own length and sequence number; the refresh token repeats the number. */
    private static void assertCompleteEntry(String accessToken, String refreshToken, int kill) {
        Matcher m = ACCESS_TOKEN.matcher(accessToken);
        assertThat(m.matches()).as("access token shape after kill " + kill).isTrue();
        assertThat(m.group(3)).hasSize(Integer.parseInt(m.group(2)));
        assertThat(refreshToken).isEqualTo("rt-" + m.group(1));
    }
}
