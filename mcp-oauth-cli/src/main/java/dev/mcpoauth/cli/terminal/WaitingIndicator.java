package dev.mcpoauth.cli.terminal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-line "waiting" indicator with a spinner and the elapsed time, redrawn in place on stderr.
 *
 * <p>{@link Placement#CURRENT_LINE} redraws the line the cursor is on. {@link Placement#LINE_ABOVE}
 * redraws the line above the cursor (save cursor, up one line, draw, restore cursor), so a prompt
 * on the line below keeps the cursor and whatever the user is typing there. Only use it on a
 * terminal; {@link Terminal} tells.
 *
 * <pre>{@code
 * WaitingIndicator indicator = new WaitingIndicator(System.err, "Waiting for authorization in the browser",
 *         true, WaitingIndicator.Placement.CURRENT_LINE);
 * indicator.start();
 * ...
 * indicator.finish("Authorization received");   // "Authorization received after 0:12."
 * }</pre>
 */
public final class WaitingIndicator {
    /** Redraw interval: fast enough for the spinner to look alive, slow enough to cost nothing. */
    static final Duration TICK = Duration.ofMillis(200);
    private static final String[] UNICODE_FRAMES = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private static final String[] ASCII_FRAMES = {"|", "/", "-", "\\"};
    private static final String ESC = "\u001b";

    /** Where the indicator line is, relative to the cursor. */
    public enum Placement {
        CURRENT_LINE,
        LINE_ABOVE
    }

    private final PrintStream err;
    private final String label;
    private final String[] frames;
    private final Placement placement;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private ScheduledExecutorService ticker;
    private int frame;
    private boolean finished;

    public WaitingIndicator(PrintStream err, String label, boolean unicode, Placement placement) {
        this(err, label, unicode, placement, System::nanoTime);
    }

    WaitingIndicator(PrintStream err, String label, boolean unicode, Placement placement, LongSupplier nanoClock) {
        this.err = err;
        this.label = label;
        this.frames = unicode ? UNICODE_FRAMES : ASCII_FRAMES;
        this.placement = placement;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** The indicator's text at this moment, e.g. {@code "⠙ Waiting for authorization in the browser... 0:07"}. */
    public synchronized String text() {
        return frames[frame % frames.length] + " " + label + "... " + elapsed() + "  (Ctrl-C to cancel)";
    }

    /** Elapsed time as {@code m:ss}. */
    public String elapsed() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanoClock.getAsLong() - startNanos);
        return (seconds / 60) + ":" + String.format("%02d", seconds % 60);
    }

    /** Draws the first frame and starts redrawing. For {@link Placement#LINE_ABOVE} the line must already exist. */
    public synchronized void start() {
        finished = false;
        draw(text());
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mcp-oauth-waiting-indicator");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        if (!finished) {
            frame++;
            draw(text());
        }
    }

    /**
     * Stops redrawing and leaves the line as it is (the cursor moved, e.g. the user pressed Enter).
     * {@link #start} draws again, on a new line, keeping the elapsed time.
     */
    public synchronized void stop() {
        if (!finished) {
            finished = true;
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
    }

    /** Whether {@link #stop} or {@link #finish} was called. */
    public synchronized boolean stopped() {
        return finished;
    }

    /**
     * Stops redrawing and leaves {@code "<message> after m:ss."} on the indicator's line; with
     * {@link Placement#CURRENT_LINE} the cursor then moves to the next line.
     */
    public synchronized void finish(String message) {
        if (finished) {
            return;
        }
        finished = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        draw(message + " after " + elapsed() + ".");
        if (placement == Placement.CURRENT_LINE) {
            err.print(System.lineSeparator());
        }
        err.flush();
    }

    private void draw(String text) {
        if (placement == Placement.LINE_ABOVE) {
            err.print(ESC + "7" + ESC + "[1A\r" + text + ESC + "[K" + ESC + "8");
        } else {
            err.print("\r" + text + ESC + "[K");
        }
        err.flush();
    }
}
