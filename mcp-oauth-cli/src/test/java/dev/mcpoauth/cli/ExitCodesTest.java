package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.ErrorCode;
import org.junit.jupiter.api.Test;

/** Every error code of the library leads to one of the documented exit codes. */
class ExitCodesTest {
    @Test
    void mapsEveryErrorCodeToADocumentedExitCode() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ExitCodes.of(code)).as(code.code()).isIn(ExitCodes.FAILURE, ExitCodes.USAGE,
                    ExitCodes.LOGIN_REQUIRED, ExitCodes.NETWORK, ExitCodes.SERVER_SETUP);
        }
    }

    @Test
    void groupsTheCodesAsDocsCliMdSays() {
        assertThat(ExitCodes.of(ErrorCode.INVALID_INPUT)).isEqualTo(2);
        assertThat(ExitCodes.of(ErrorCode.LOGIN_REQUIRED)).isEqualTo(3);
        assertThat(ExitCodes.of(ErrorCode.INVALID_GRANT)).isEqualTo(3);
        assertThat(ExitCodes.of(ErrorCode.UNREACHABLE)).isEqualTo(4);
        assertThat(ExitCodes.of(ErrorCode.TIMEOUT)).isEqualTo(4);
        assertThat(ExitCodes.of(ErrorCode.ISSUER_MISMATCH)).isEqualTo(5);
        assertThat(ExitCodes.of(ErrorCode.METADATA_NOT_FOUND)).isEqualTo(5);
        assertThat(ExitCodes.of(ErrorCode.CALLBACK_TIMEOUT)).isEqualTo(1);
        assertThat(ExitCodes.of(ErrorCode.AUTHORIZATION_DENIED)).isEqualTo(1);
    }
}
