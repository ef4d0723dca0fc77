package dev.mcpoauth.cli;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.cli.terminal.BrowserLauncher;
import dev.mcpoauth.cli.terminal.RedirectPaste;
import dev.mcpoauth.cli.terminal.Terminal;
import dev.mcpoauth.cli.terminal.WaitingIndicator;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.LoginResult;
import dev.mcpoauth.login.PendingLogin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The person-facing side of a login: prints the reference's "Authorize ..." message and the URL,
 * opens the browser, and waits for whichever comes first, the loopback callback or a redirect URL
 * pasted into the terminal (the login runs on another machine). On a terminal a waiting indicator
 * shows the elapsed time. If scopes found by discovery are rejected with {@code invalid_scope}, the
 * login is retried once without scopes, as the reference does.
 */
final class InteractiveLogin {
    private static final String ESC = "\u001b";
    private static final String WAITING = "Waiting for authorization in the browser";
    private static final String PROMPT = "Paste the redirect URL here (or wait for the browser): ";

    private final CliContext context;
    private final BrowserLauncher browser;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    /** Serialises what the waiting thread, the paste reader and the indicator write to the terminal. */
    private final Object screen = new Object();
    /** Lines typed or pasted on the terminal, read by one thread for all attempts; {@link #END} after the last. */
    private BlockingQueue<String> typedLines;
    private static final String END = new String("end of input");
    /** How often the paste handler checks whether the login ended meanwhile. */
    private static final long POLL_MILLIS = 200;

    InteractiveLogin(CliContext context, BrowserLauncher browser) {
        this.context = context;
        this.browser = browser;
        this.out = context.out();
        this.err = context.err();
        this.terminal = context.terminal();
    }

    /**
     * Runs the login.
     *
     * @param requests builds the request for a scope list ({@code null}: use what discovery finds)
     * @param scopes   the scopes from the command line or the config, or {@code null}
     */
    LoginResult run(LoginFlow flow, Function<List<String>, LoginRequest> requests, List<String> scopes) {
        LoginRequest request = requests.apply(scopes);
        Attempt first = new Attempt(flow.start(request), request.serverName());
        try {
            return first.await();
        } catch (McpOAuthException e) {
            if (scopes == null && first.requestedScopes() && isInvalidScope(e)) {
                out.println();
                out.println("The server rejected the scopes discovery suggested (invalid_scope);"
                        + " retrying once without requesting scopes.");
                out.println();
                LoginRequest retry = requests.apply(List.of());
                return new Attempt(flow.start(retry), retry.serverName()).await();
            }
            throw e;
        }
    }

    /** Starts the one thread that reads standard input, for this and any later attempt. */
    private synchronized void startReadingLines() {
        if (typedLines != null) {
            return;
        }
        typedLines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(context.in(), Charset.defaultCharset()));
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    typedLines.add(line);
                }
            } catch (IOException e) {
                // Standard input failed: same as closed.
            }
            typedLines.add(END);
        }, "mcp-oauth-stdin-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static boolean isInvalidScope(McpOAuthException e) {
        return e.code() == ErrorCode.AUTHORIZATION_DENIED && e.oauthError().filter("invalid_scope"::equals).isPresent();
    }

    /** One authorization URL and the wait for its answer. */
    private final class Attempt {
        private final PendingLogin login;
        private final String name;
        private WaitingIndicator indicator;
        private volatile boolean lineEntered;

        Attempt(PendingLogin login, String name) {
            this.login = login;
            this.name = name;
        }

        boolean requestedScopes() {
            return queryParam(login.authorizationUrl(), "scope").filter(s -> !s.isBlank()).isPresent();
        }

        LoginResult await() {
            Thread onInterrupt = new Thread(this::interrupted, "mcp-oauth-login-interrupt");
            // Closing the login waits for the landing page being sent to the browser, then frees the port.
            try (login) {
                URI url = login.authorizationUrl();
                out.println("Authorize `" + name + "` by opening this URL in your browser:");
                out.println(url);
                out.flush();
                openBrowser(url);
                Runtime.getRuntime().addShutdownHook(onInterrupt);
                startWaiting();
                LoginResult result = login.result().join();
                endWaiting("Authorization received");
                return result;
            } catch (CompletionException e) {
                endWaiting("Login failed");
                Throwable cause = ErrorReporter.unwrap(e);
                if (cause instanceof McpOAuthException oauth) {
                    throw oauth;
                }
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running.
                }
            }
        }

        private void openBrowser(URI url) {
            if (browser == BrowserLauncher.NONE) {
                return;
            }
            try {
                browser.open(url);
            } catch (BrowserLauncher.BrowserLaunchException e) {
                err.println("warning: could not open a browser: " + e.getMessage() + "; open the URL above yourself.");
                err.flush();
            }
        }

        private void startWaiting() {
            boolean showIndicator = terminal.stderr() && !context.verbose();
            if (terminal.interactive()) {
                synchronized (screen) {
                    out.println();
                    out.println("Logging in from another machine (SSH, container, remote dev box)? Open the URL there and approve;");
                    out.println("the browser then fails to load a 127.0.0.1 page: copy that page's address and paste it below.");
                    out.flush();
                    if (showIndicator) {
                        indicator = new WaitingIndicator(err, WAITING, terminal.unicode(), WaitingIndicator.Placement.LINE_ABOVE);
                        err.println(indicator.text());
                        err.flush();
                    }
                    out.print(PROMPT);
                    out.flush();
                    if (indicator != null) {
                        indicator.start();
                    }
                }
                startReadingLines();
                Thread handler = new Thread(this::handlePastedUrls, "mcp-oauth-paste-handler");
                handler.setDaemon(true);
                handler.start();
            } else if (showIndicator) {
                indicator = new WaitingIndicator(err, WAITING, terminal.unicode(), WaitingIndicator.Placement.CURRENT_LINE);
                indicator.start();
            }
        }

        private void endWaiting(String message) {
            synchronized (screen) {
                if (indicator != null && !indicator.stopped()) {
                    indicator.finish(message);
                } else if (indicator != null) {
                    err.println(message + " after " + indicator.elapsed() + ".");
                    err.flush();
                }
                if (terminal.interactive()) {
                    if (!lineEntered) {
                        out.print("\r" + ESC + "[K");
                    }
                    out.flush();
                }
            }
        }

        private void handlePastedUrls() {
            Optional<String> expectedState = RedirectPaste.stateOf(login.authorizationUrl());
            try {
                while (!login.result().isDone()) {
                    String line = typedLines.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (line == null) {
                        continue;
                    }
                    if (line == END) {
                        return; // standard input closed: keep waiting for the browser
                    }
                    if (login.result().isDone()) {
                        return;
                    }
                    URI pastedUrl;
                    synchronized (screen) {
                        lineEntered = true;
                        if (indicator != null) {
                            indicator.stop();
                        }
                        if (line.isBlank()) {
                            prompt(null);
                            continue;
                        }
                        try {
                            pastedUrl = RedirectPaste.parse(line, login.redirectUri());
                            if (!Objects.equals(RedirectPaste.stateOf(pastedUrl), expectedState)) {
                                throw new RedirectPaste.NotARedirect("That address belongs to another login: its `state` does not"
                                        + " match this one. Paste the address from the tab opened with the URL above.");
                            }
                        } catch (RedirectPaste.NotARedirect e) {
                            prompt(e.getMessage());
                            continue;
                        }
                        out.println("Completing the login with the pasted address...");
                        out.flush();
                    }
                    login.completeWithRedirectUrl(pastedUrl);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** After a rejected paste: the reason, a fresh indicator line, the prompt again. */
        private void prompt(String problem) {
            if (problem != null) {
                out.println(problem);
            }
            out.flush();
            if (indicator != null) {
                err.println(indicator.text());
                err.flush();
            }
            lineEntered = false;
            out.print(PROMPT);
            out.flush();
            if (indicator != null) {
                indicator.start();
            }
        }

        /** Ctrl-C: stop drawing and say so. The process exit frees the callback port. */
        private void interrupted() {
            synchronized (screen) {
                if (indicator != null) {
                    indicator.stop();
                }
                err.println();
                err.println("Login cancelled.");
                err.flush();
            }
        }
    }

    static Optional<String> queryParam(URI uri, String name) {
        return dev.mcpoauth.authorize.CallbackParameters.parseUrl(uri).get(name);
    }
}
