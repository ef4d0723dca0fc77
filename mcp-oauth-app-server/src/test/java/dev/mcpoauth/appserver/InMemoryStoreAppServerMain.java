package dev.mcpoauth.appserver;

import dev.mcpoauth.store.InMemoryCredentialStore;
import java.nio.file.Path;

/**
 * The app server on stdio with an in-memory credential store, for the benchmark's {@code --store memory}:
 * it separates the app server's own cost from the file store's durable, serialised writes.
 *
 * <pre>
 * java -cp ... dev.mcpoauth.appserver.InMemoryStoreAppServerMain --config FILE
 * </pre>
 */
public final class InMemoryStoreAppServerMain {
    private InMemoryStoreAppServerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: InMemoryStoreAppServerMain --config FILE");
            System.exit(2);
        }
        int exit = AppServer.builder(Path.of(args[1]))
                .environment(System.getenv())
                .credentialStore(new InMemoryCredentialStore())
                .build()
                .serve(System.in, System.out);
        System.out.flush();
        System.exit(exit);
    }
}
