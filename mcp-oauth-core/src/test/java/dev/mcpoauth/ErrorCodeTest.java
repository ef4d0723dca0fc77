package dev.mcpoauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void codesAreUniqueSnakeCaseAndEachHasAHint() {
        Set<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
        assertThat(codes).hasSize(ErrorCode.values().length);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.code()).matches("[a-z]+(_[a-z]+)*");
            assertThat(code.hint()).isNotBlank().endsWith(".");
        }
    }

    @Test
    void everyCodeIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "errors.md"));
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(doc).as("docs/errors.md lists %s", code.code()).contains("| `" + code.code() + "` |");
        }
    }

    @Test
    void messageIsDetailThenHint() {
        McpOAuthException e = new McpOAuthException(ErrorCode.CALLBACK_TIMEOUT, "no authorization arrived");
        assertThat(e.getMessage()).isEqualTo("no authorization arrived. " + ErrorCode.CALLBACK_TIMEOUT.hint());
        assertThat(e.code().code()).isEqualTo("callback_timeout");
    }
}
