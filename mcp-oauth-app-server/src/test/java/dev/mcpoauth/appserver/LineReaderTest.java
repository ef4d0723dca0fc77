package dev.mcpoauth.appserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private static LineReader reader(byte[] bytes) {
        return new LineReader(new ByteArrayInputStream(bytes));
    }

    @Test
    void splitsOnNewlinesDropsACarriageReturnAndKeepsALastLineWithoutNewline() throws IOException {
        LineReader reader = reader("{\"a\":1}\r\n\n{\"b\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(reader.next()).isEqualTo(new LineReader.Line("{\"a\":1}", false));
        assertThat(reader.next()).isEqualTo(new LineReader.Line("", false));
        assertThat(reader.next()).isEqualTo(new LineReader.Line("{\"b\":\"é\"}", false));
        assertThat(reader.next()).isNull();
    }

    @Test
    void reportsALineOfMaxPlusOneBytesAsOversizedAndReadsTheNextOne() throws IOException {
        byte[] bytes = new byte[LineReader.MAX_LINE_BYTES + 1 + 3];
        java.util.Arrays.fill(bytes, (byte) 'x');
        bytes[LineReader.MAX_LINE_BYTES + 1] = '\n';
        bytes[LineReader.MAX_LINE_BYTES + 2] = '{';
        bytes[LineReader.MAX_LINE_BYTES + 3] = '}';
        LineReader reader = reader(bytes);
        assertThat(reader.next().oversized()).isTrue();
        assertThat(reader.next()).isEqualTo(new LineReader.Line("{}", false));
    }

    @Test
    void acceptsALineOfExactlyMaxBytes() throws IOException {
        byte[] bytes = new byte[LineReader.MAX_LINE_BYTES + 1];
        java.util.Arrays.fill(bytes, (byte) 'x');
        bytes[LineReader.MAX_LINE_BYTES] = '\n';
        LineReader.Line line = reader(bytes).next();
        assertThat(line.oversized()).isFalse();
        assertThat(line.text()).hasSize(LineReader.MAX_LINE_BYTES);
    }
}
