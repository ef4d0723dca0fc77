package dev.mcpoauth.keyring;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs keyring calls with a deadline, so a keyring that never answers cannot hang the program.
 *
 * <p>Work runs in sessions: {@link #session} connects, runs the work, and closes the connection
 * again (a D-Bus connection owns a non-daemon thread, so an idle open connection would keep the JVM
 * from exiting). Each call, connecting included, runs on this keyring's own daemon thread
 * and the caller waits at most the timeout. A call that timed out keeps that thread; while it is still
 * stuck, later calls fail at once instead of queueing behind it, and once it returns they go through
 * again. Closing runs on a throwaway daemon thread, also bounded, so it works even beside a stuck call.
 */
final class BoundedKeyring {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedKeyring.class);
    private static final ThreadFactory DAEMONS = runnable -> {
        Thread t = new Thread(runnable, "mcp-oauth-keyring");
        t.setDaemon(true);
        return t;
    };

    private final SecretsBackend.Connector connector;
    private final Duration timeout;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(DAEMONS);
    /** The last call that timed out; while it still runs, the keyring thread is taken. */
    private volatile Task<?> stuck;

    BoundedKeyring(SecretsBackend.Connector connector, Duration timeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    Duration timeout() {
        return timeout;
    }

    /** Work done with one open connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Session session) throws KeyringFailure;
    }

    /** The bounded operations of one open connection. */
    final class Session {
        private final SecretsBackend backend;

        private Session(SecretsBackend backend) {
            this.backend = backend;
        }

        Optional<String> read(String account) throws KeyringFailure {
            return call(() -> backend.read(account));
        }

        void write(String account, String secret) throws KeyringFailure {
            call(() -> {
                backend.write(account, secret);
                return null;
            });
        }

        boolean remove(String account) throws KeyringFailure {
            return call(() -> backend.remove(account));
        }
    }

    /** Connects, runs {@code work}, and closes the connection, each keyring call bounded by the timeout. */
    <T> T session(Work<T> work) throws KeyringFailure {
        List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
        try {
            SecretsBackend backend = call(() -> connector.connect(opened::add));
            return work.run(new Session(backend));
        } finally {
            close(opened);
        }
    }

    private <T> T call(Callable<T> action) throws KeyringFailure {
        Task<?> previous = stuck;
        if (previous != null && previous.started && !previous.finished) {
            throw new KeyringFailure("did not answer an earlier call within " + seconds(timeout)
                    + " and has not answered it since", true, null);
        }
        Task<T> task = new Task<>(action);
        Future<T> result = thread.submit(task);
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stuck = task;
            // An interrupt may free the thread; if the call ignores it, it stays stuck until it returns.
            result.cancel(true);
            throw new KeyringFailure("did not answer within " + seconds(timeout), true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new KeyringFailure(describe(cause), false, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new KeyringFailure("was interrupted while waiting for the keyring", false, e);
        }
    }

    /** A call that knows whether it ran and whether it returned: only a started, unfinished one is stuck. */
    private static final class Task<T> implements Callable<T> {
        private final Callable<T> action;
        private volatile boolean started;
        private volatile boolean finished;

        Task(Callable<T> action) {
            this.action = action;
        }

        @Override
        public T call() throws Exception {
            started = true;
            try {
                return action.call();
            } finally {
                finished = true;
            }
        }
    }

    /**
     * Closes, newest first, on a throwaway daemon thread and bounded too: a connection whose keyring
     * hangs must still be closed, so that its threads let the JVM exit.
     */
    private void close(List<AutoCloseable> opened) {
        if (opened.isEmpty()) {
            return;
        }
        Thread closer = DAEMONS.newThread(() -> {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception e) {
                    LOG.debug("Closing a keyring connection failed: {}", e.toString());
                }
            }
        });
        closer.start();
        try {
            closer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.debug("Closing a keyring connection did not finish within {}", seconds(timeout));
        }
    }

    /** {@code "5 s"}, or milliseconds below a second. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** The innermost useful message: java-keyring and dbus-java wrap the D-Bus error several times. */
    private static String describe(Throwable failure) {
        Throwable t = failure;
        String message = null;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage().strip();
            }
        }
        return message != null ? message : failure.getClass().getName();
    }
}
