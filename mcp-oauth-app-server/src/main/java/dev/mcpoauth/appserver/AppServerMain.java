package dev.mcpoauth.appserver;

import java.nio.file.Path;

/**
 * Runs the app server on this process's stdio, for tests and subprocess use; the product command is
 * {@code mcp-oauth app-server}.
 *
 * <pre>
 * java -cp ... dev.mcpoauth.appserver.AppServerMain [--config FILE]
 * </pre>
 */
public final class AppServerMain {
    private AppServerMain() {
    }

    public static void main(String[] args) {
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else {
                System.err.println("error: unknown argument `" + args[i] + "`. Usage: AppServerMain [--config FILE]");
                System.exit(2);
            }
        }
        int exit = AppServer.run(System.in, System.out, System.err, System.getenv(), config);
        System.out.flush();
        System.err.flush();
        System.exit(exit);
    }
}
