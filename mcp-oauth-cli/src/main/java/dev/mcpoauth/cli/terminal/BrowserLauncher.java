package dev.mcpoauth.cli.terminal;

import java.net.URI;
import java.util.Map;

/**
 * Opens a URL in the user's browser: the plug-in point {@code mcp-oauth login} uses.
 *
 * <p>Failing to open a browser is never fatal: the URL is printed first, so the caller reports the
 * {@link BrowserLaunchException} as a warning and keeps waiting.
 *
 * <pre>{@code
 * BrowserLauncher browser = BrowserLauncher.system(System.getenv());
 * try {
 *     browser.open(login.authorizationUrl());
 * } catch (BrowserLauncher.BrowserLaunchException e) {
 *     System.err.println("warning: " + e.getMessage());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface BrowserLauncher {
    /** Opens nothing: {@code --no-browser}. */
    BrowserLauncher NONE = url -> { };

    /**
     * Opens {@code url}.
     *
     * @throws BrowserLaunchException with a one-line reason when no browser could be started
     */
    void open(URI url);

    /**
     * The platform's way: {@code $BROWSER} when set, else {@code open} on macOS,
     * {@code rundll32 url.dll,FileProtocolHandler} on Windows, {@code xdg-open} elsewhere (only with
     * a graphical session, so a text browser never takes over an SSH terminal).
     */
    static BrowserLauncher system(Map<String, String> environment) {
        return new SystemBrowser(environment, System.getProperty("os.name", ""));
    }

    /** Why the browser did not open; the message is one line for a warning. */
    final class BrowserLaunchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BrowserLaunchException(String message) {
            super(message);
        }
    }
}
