package dev.mcpoauth.crash;

import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.store.CredentialStore;
import dev.mcpoauth.store.FileCredentialStore;
import dev.mcpoauth.store.ServerKey;
import dev.mcpoauth.store.StoredCredentials;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A login in a process of its own, for {@link LoginKilledAtEveryStageTest}: LoginFlow with the file
 * credential store, printing each step as it happens so the test knows when to kill it.
 *
 * <p>Arguments: home directory, MCP server URL, callback port, milliseconds to pause just before the
 * store write (so a kill can land inside it). Prints {@code STEP <name>}, {@code URL <authorization
 * URL>}, {@code SAVING}, {@code DONE}.
 */
public final class LoginChild {
    private LoginChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        URI server = URI.create(args[1]);
        int port = Integer.parseInt(args[2]);
        long pauseBeforeSave = Long.parseLong(args[3]);
        FileCredentialStore file = FileCredentialStore.inHome(home);
        CredentialStore store = new CredentialStore() {
            @Override
            public Optional<StoredCredentials> load(ServerKey key) {
                return file.load(key);
            }

            @Override
            public void save(StoredCredentials credentials) {
                say("SAVING");
                sleep(pauseBeforeSave);
                file.save(credentials);
            }

            @Override
            public boolean delete(ServerKey key) {
                return file.delete(key);
            }

            @Override
            public List<StoredCredentials> list() {
                return file.list();
            }

            @Override
            public Optional<StoredCredentials> update(ServerKey key, UnaryOperator<Optional<StoredCredentials>> change) {
                return file.update(key, change);
            }
        };
        LoginFlow flow = LoginFlow.builder().credentialStore(store)
                .observer((step, message) -> say("STEP " + step.name())).build();
        try (PendingLogin login = flow.start(LoginRequest.builder("docs", server).callbackPort(port)
                .timeout(Duration.ofSeconds(60)).build())) {
            say("URL " + login.authorizationUrl());
            login.result().join();
            say("DONE");
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
