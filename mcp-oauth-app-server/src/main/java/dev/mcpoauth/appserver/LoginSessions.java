package dev.mcpoauth.appserver;

import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.appserver.protocol.ErrorData;
import dev.mcpoauth.appserver.protocol.McpServerOauthLoginCompletedNotification;
import dev.mcpoauth.appserver.protocol.McpServerOauthLoginResponse;
import dev.mcpoauth.appserver.protocol.Methods;
import dev.mcpoauth.login.LoginFlow;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.PendingLogin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The logins in flight, at most one per server.
 *
 * <p>Each {@code mcpServer/oauth/login} that answers with an authorization URL gets exactly one
 * {@code mcpServer/oauthLogin/completed} notification: success, the login's failure (timeout, denial,
 * token error), "superseded" when a newer login for the same server replaced it, or "shutting down"
 * when stdin ended first. A login that cannot start answers with an error and sends no notification.
 *
 * <p>Threads: {@link #start} runs on the reader thread, so two logins for the same server are ordered
 * as they arrived; the blocking part (discovery, registration) runs on a worker; completion comes on
 * a callback or timer thread and is reported from the notifier thread.
 */
final class LoginSessions {
    /** How long a finished login's listener stays up so the landing page reaches the browser. */
    static final long LISTENER_GRACE_MILLIS = 500;

    private final MessageWriter writer;
    private final ServerLog log;
    private final ExecutorService workers;
    /** Sends completion notifications (in order) and closes finished listeners after their grace period. */
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "mcp-oauth-app-server-notifier");
        thread.setDaemon(true);
        return thread;
    });
    /** The newest login per server name. Guarded by {@code this}. */
    private final Map<String, Attempt> current = new HashMap<>();
    /** Every login whose listener may still be open. Guarded by {@code this}. */
    private final Set<Attempt> live = new LinkedHashSet<>();
    private boolean closed;

    LoginSessions(MessageWriter writer, ServerLog log, ExecutorService workers) {
        this.writer = writer;
        this.log = log;
        this.workers = workers;
    }

    /** Supersedes any login for the same server, then starts this one with {@code flow} on a worker. */
    void start(LoginFlow flow, LoginRequest request, Reply reply) {
        String name = request.serverName();
        Attempt attempt = new Attempt(name);
        Attempt previous;
        synchronized (this) {
            if (closed) {
                reply.error(RpcError.internal("the app server is shutting down", null));
                return;
            }
            previous = current.put(name, attempt);
            live.add(attempt);
        }
        if (previous != null) {
            log.info("a new login for '" + name + "' supersedes the one in progress");
            previous.end("The login was superseded by a newer mcpServer/oauth/login for '" + name + "'.");
        }
        try {
            workers.execute(() -> run(flow, attempt, request, reply));
        } catch (RejectedExecutionException e) {
            forget(attempt);
            reply.error(RpcError.internal("the app server is shutting down", null));
        }
    }

    /** Number of logins waiting for their browser leg. */
    synchronized int pending() {
        return current.size();
    }

    private void run(LoginFlow flow, Attempt attempt, LoginRequest request, Reply reply) {
        PendingLogin pending;
        try {
            pending = flow.start(request);
        } catch (McpOAuthException e) {
            forget(attempt);
            log.info("login for '" + attempt.name + "' could not start: " + e.getMessage());
            reply.error(RpcError.internal("failed to login to MCP server '" + attempt.name + "': " + e.getMessage(),
                    ErrorData.errorCode(e.code().code())));
            return;
        } catch (RuntimeException e) {
            forget(attempt);
            log.info("login for '" + attempt.name + "' could not start: unexpected " + e.getClass().getName());
            reply.error(RpcError.internal("failed to login to MCP server '" + attempt.name + "': unexpected "
                    + e.getClass().getSimpleName(), null));
            return;
        }
        reply.result(new McpServerOauthLoginResponse(pending.authorizationUrl().toString()));
        log.info("login for '" + attempt.name + "' is waiting for the browser at " + pending.redirectUri());
        attempt.attach(pending);
        // Off the callback thread: it still has to send the landing page to the browser.
        pending.result().whenCompleteAsync((result, failure) -> completed(attempt, failure), this::onTimerThread);
    }

    private void completed(Attempt attempt, Throwable failure) {
        McpServerOauthLoginCompletedNotification notification;
        if (failure == null) {
            notification = McpServerOauthLoginCompletedNotification.succeeded(attempt.name);
            log.info("login for '" + attempt.name + "' succeeded");
        } else {
            String reason = attempt.endReason();
            notification = McpServerOauthLoginCompletedNotification.failed(attempt.name,
                    reason != null ? reason : describe(failure));
            log.info("login for '" + attempt.name + "' failed: " + notification.error());
        }
        synchronized (this) {
            current.remove(attempt.name, attempt);
        }
        writer.notification(Methods.OAUTH_LOGIN_COMPLETED, notification);
        try {
            timers.schedule(() -> {
                attempt.close();
                forget(attempt);
            }, LISTENER_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            attempt.close();
            forget(attempt);
        }
    }

    /** Runs on the timer thread, which keeps notifications in completion order; inline once it stopped. */
    private void onTimerThread(Runnable task) {
        try {
            timers.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof McpOAuthException oauth) {
            return oauth.getMessage();
        }
        return "The login failed unexpectedly (" + cause.getClass().getSimpleName() + ").";
    }

    private synchronized void forget(Attempt attempt) {
        current.remove(attempt.name, attempt);
        live.remove(attempt);
    }

    /**
     * Ends every login (their notifications say the server shut down) and refuses new ones. Logins
     * still starting on a worker end as soon as they are ready.
     */
    void shutdown() {
        List<Attempt> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(live);
        }
        for (Attempt attempt : all) {
            attempt.end("The app server shut down before the login completed.");
        }
    }

    /** Closes every listener still open. Call after {@link #shutdown} and after the workers stopped. */
    void closeAll() {
        List<Attempt> all;
        synchronized (this) {
            all = new ArrayList<>(live);
            live.clear();
            current.clear();
        }
        all.forEach(Attempt::close);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timers.shutdown();
        try {
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One login: its pending flow once started, and why it was ended early, if it was. */
    private static final class Attempt {
        final String name;
        private PendingLogin pending;
        private String endReason;

        Attempt(String name) {
            this.name = name;
        }

        synchronized String endReason() {
            return endReason;
        }

        /** Records the started login; ends it at once when it was superseded or shut down meanwhile. */
        void attach(PendingLogin login) {
            String reason;
            synchronized (this) {
                pending = login;
                reason = endReason;
            }
            if (reason != null) {
                login.cancel(reason);
                login.close();
            }
        }

        /** Cancels the login (its notification carries {@code reason}) and frees its callback port. */
        void end(String reason) {
            PendingLogin login;
            synchronized (this) {
                if (endReason == null) {
                    endReason = reason;
                }
                login = pending;
            }
            if (login != null) {
                login.cancel(reason);
                login.close();
            }
        }

        void close() {
            PendingLogin login;
            synchronized (this) {
                login = pending;
            }
            if (login != null) {
                login.close();
            }
        }
    }
}
