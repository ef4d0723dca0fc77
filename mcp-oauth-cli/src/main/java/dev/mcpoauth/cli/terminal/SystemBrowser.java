package dev.mcpoauth.cli.terminal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link BrowserLauncher#system}: {@code $BROWSER}, {@code open}, {@code rundll32} or {@code xdg-open}.
 *
 * <p>{@code $BROWSER} follows the common convention: a {@code :}-separated list of commands tried
 * in order, each with {@code %s} replaced by the URL or, without {@code %s}, the URL appended.
 */
final class SystemBrowser implements BrowserLauncher {
    /**
     * How long to wait for the launcher to report failure. Launchers hand the URL to a running
     * browser and exit at once; one that is still running after this is taken as a success.
     */
    static final Duration LAUNCH_WAIT = Duration.ofMillis(1500);

    private final Map<String, String> environment;
    private final String osName;

    SystemBrowser(Map<String, String> environment, String osName) {
        this.environment = environment;
        this.osName = osName.toLowerCase(Locale.ROOT);
    }

    @Override
    public void open(URI url) {
        String browserVariable = environment.get("BROWSER");
        if (browserVariable != null && !browserVariable.isBlank()) {
            String lastFailure = null;
            for (String candidate : browserVariable.split(":")) {
                if (candidate.isBlank()) {
                    continue;
                }
                try {
                    run(fromBrowserVariable(candidate.trim(), url.toString()));
                    return;
                } catch (BrowserLaunchException e) {
                    lastFailure = e.getMessage();
                }
            }
            throw new BrowserLaunchException(lastFailure == null ? "$BROWSER names no command" : lastFailure);
        }
        run(platformCommand(url.toString()));
    }

    List<String> platformCommand(String url) {
        if (osName.startsWith("mac") || osName.startsWith("darwin")) {
            return List.of("open", url);
        }
        if (osName.startsWith("windows")) {
            return List.of("rundll32", "url.dll,FileProtocolHandler", url);
        }
        if (isBlank(environment.get("DISPLAY")) && isBlank(environment.get("WAYLAND_DISPLAY"))) {
            throw new BrowserLaunchException("no graphical session here (DISPLAY and WAYLAND_DISPLAY are unset)");
        }
        return List.of("xdg-open", url);
    }

    static List<String> fromBrowserVariable(String command, String url) {
        List<String> words = new ArrayList<>();
        boolean substituted = false;
        for (String word : command.split("\\s+")) {
            if (word.contains("%s")) {
                words.add(word.replace("%s", url));
                substituted = true;
            } else if (!word.isEmpty()) {
                words.add(word);
            }
        }
        if (!substituted) {
            words.add(url);
        }
        return words;
    }

    private static void run(List<String> command) {
        String program = command.get(0);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new BrowserLaunchException("cannot run `" + program + "` (" + reason(e) + ")");
        }
        try {
            process.getOutputStream().close();
            if (process.waitFor(LAUNCH_WAIT.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() != 0) {
                throw new BrowserLaunchException("`" + program + "` exited with status " + process.exitValue());
            }
        } catch (IOException e) {
            // Closing the launcher's stdin failed: it is already gone, the exit status tells.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.contains("error=2") ? "not installed" : message;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
