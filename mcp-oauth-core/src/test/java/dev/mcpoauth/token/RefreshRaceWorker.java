package dev.mcpoauth.token;

import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.ServerKey;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One process of {@link CrossProcessRefreshTest}: a {@link TokenManager} on the shared
 * {@code credentials.json}. For each line {@code round N} on stdin it moves its clock N × 2 hours
 * ahead (every token issued before is then expired) and prints {@code token <access token>} or
 * {@code error <code> <message>}.
 *
 * <p>Arguments: MCP_OAUTH_HOME, server name, server URL.
 */
public final class RefreshRaceWorker {
    /** Further than any token lifetime of the test servers (1 hour), so every round is one expiry. */
    static final Duration ROUND = Duration.ofHours(2);

    private RefreshRaceWorker() {
    }

    /** The system clock, moved ahead by an adjustable offset. */
    static final class SteppedClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void set(Duration offset) {
            this.offset = offset;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    public static void main(String[] args) throws Exception {
        ServerKey key = new ServerKey(args[1], args[2]);
        SteppedClock clock = new SteppedClock();
        TokenManager manager = TokenManager.builder(FileCredentialStore.inHome(Path.of(args[0]))).clock(clock).build();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.startsWith("round ")) {
                continue;
            }
            clock.set(ROUND.multipliedBy(Integer.parseInt(line.substring("round ".length()).trim())));
            try {
                System.out.println("token " + manager.accessToken(key));
            } catch (McpOAuthException e) {
                System.out.println("error " + e.code().code() + " " + e.getMessage());
            }
        }
    }
}
