package dev.mcpoauth.mcpsdk;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.login.PendingLogin;
import java.awt.Desktop;
import java.io.PrintStream;
import java.util.Objects;

/**
 * How the user is brought to the authorization URL when a server needs a new login: the one
 * pluggable step of the adapter's login (MCP authorization, "Authorization Flow Steps").
 *
 * <p>{@link #authorize} is called once the authorization URL is ready, on a thread that may block
 * (never a transport thread). It returns when the user has been sent on their way; the login then
 * completes when the browser returns to the loopback callback, or fails after the login timeout.
 *
 * <pre>{@code
 * McpOAuth oauth = McpOAuth.builder("docs")
 *         .loginInteraction(LoginInteraction.printUrl(System.err))   // SSH session: print, don't open
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface LoginInteraction {

    /**
     * Refuses to log in: a host that must never prompt (a batch job) gets
     * {@link ErrorCode#LOGIN_REQUIRED} instead of a browser.
     */
    LoginInteraction NONE = (serverName, login) -> {
        throw new McpOAuthException(ErrorCode.LOGIN_REQUIRED, "'" + serverName + "' needs a login, and this"
                + " application does not start logins by itself", "Run `mcp-oauth login " + serverName + "`.", null);
    };

    /**
     * Sends the user to {@code login.authorizationUrl()}.
     *
     * @param serverName the configured server name, for messages
     * @param login      the login in progress; do not close it (the adapter does)
     */
    void authorize(String serverName, PendingLogin login);

    /** Prints the reference host's prompt and the URL, for a terminal the user reads. */
    static LoginInteraction printUrl(PrintStream out) {
        Objects.requireNonNull(out, "out");
        return (serverName, login) -> {
            out.println("Authorize `" + serverName + "` by opening this URL in your browser:");
            out.println(login.authorizationUrl());
            out.flush();
        };
    }

    /**
     * Opens the system browser where the JVM can ({@link Desktop#browse}), and prints the URL to
     * standard error as well, so a user without a desktop can still copy it.
     */
    static LoginInteraction browser() {
        LoginInteraction print = printUrl(System.err);
        return (serverName, login) -> {
            print.authorize(serverName, login);
            BrowserOpener.open(login.authorizationUrl());
        };
    }

    /**
     * Follows the authorization URL without a person, as a browser would when the authorization
     * server approves at once: for tests, and for authorization servers that auto-approve (the MCP
     * conformance suite's). Redirects are followed until the loopback callback is reached.
     */
    static LoginInteraction headless() {
        return (serverName, login) -> HeadlessRedirects.follow(login);
    }
}
