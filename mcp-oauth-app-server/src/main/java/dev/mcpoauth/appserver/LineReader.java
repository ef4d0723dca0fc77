package dev.mcpoauth.appserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads newline-delimited messages from stdin with a size bound, so one runaway line cannot exhaust
 * the heap. A line longer than the bound is skipped up to its newline and reported as oversized.
 */
final class LineReader {
    /** Largest message accepted: protocol messages are a few hundred bytes. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    /** One line, or the fact that it was too long. */
    record Line(String text, boolean oversized) {
    }

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), or {@code null} at end of input. */
    Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean oversized = false;
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return sawAny ? finish(line, oversized) : null;
                }
            }
            sawAny = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (!oversized) {
                if (line.size() + length > MAX_LINE_BYTES) {
                    oversized = true;
                    line.reset();
                } else {
                    line.write(buffer, start, length);
                }
            }
            if (position < limit) {
                position++; // the newline
                return finish(line, oversized);
            }
        }
    }

    private static Line finish(ByteArrayOutputStream line, boolean oversized) {
        if (oversized) {
            return new Line("", true);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        return new Line(text, false);
    }
}
