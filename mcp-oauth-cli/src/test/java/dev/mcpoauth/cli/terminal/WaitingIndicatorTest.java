package dev.mcpoauth.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The waiting indicator's text and the terminal sequences it draws with. */
class WaitingIndicatorTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void showsTheElapsedTimeAsMinutesAndSeconds() {
        WaitingIndicator indicator = new WaitingIndicator(err, "Waiting", false,
                WaitingIndicator.Placement.CURRENT_LINE, nanos::get);
        assertThat(indicator.text()).isEqualTo("| Waiting... 0:00  (Ctrl-C to cancel)");
        nanos.set(TimeUnit.SECONDS.toNanos(75));
        assertThat(indicator.elapsed()).isEqualTo("1:15");
    }

    @Test
    void redrawsTheCurrentLineAndEndsItWhenFinished() {
        WaitingIndicator indicator = new WaitingIndicator(err, "Waiting", true,
                WaitingIndicator.Placement.CURRENT_LINE, nanos::get);
        indicator.start();
        nanos.set(TimeUnit.SECONDS.toNanos(7));
        indicator.finish("Done");
        assertThat(written()).startsWith("\r⠋ Waiting... 0:00  (Ctrl-C to cancel)\u001b[K")
                .endsWith("\rDone after 0:07.\u001b[K" + System.lineSeparator());
    }

    @Test
    void drawsOnTheLineAboveAndPutsTheCursorBack() {
        WaitingIndicator indicator = new WaitingIndicator(err, "Waiting", false,
                WaitingIndicator.Placement.LINE_ABOVE, nanos::get);
        indicator.start();
        indicator.finish("Done");
        assertThat(written()).startsWith("\u001b7\u001b[1A\r| Waiting... 0:00  (Ctrl-C to cancel)\u001b[K\u001b8")
                .endsWith("\u001b7\u001b[1A\rDone after 0:00.\u001b[K\u001b8");
    }

    @Test
    void drawsNothingMoreOnceStopped() {
        WaitingIndicator indicator = new WaitingIndicator(err, "Waiting", false,
                WaitingIndicator.Placement.CURRENT_LINE, nanos::get);
        indicator.start();
        indicator.stop();
        int length = written().length();
        indicator.finish("Done");
        assertThat(written()).hasSize(length);
        assertThat(indicator.stopped()).isTrue();
    }
}
