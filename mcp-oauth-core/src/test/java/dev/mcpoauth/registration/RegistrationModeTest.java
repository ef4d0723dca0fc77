package dev.mcpoauth.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationModeTest {

    @ParameterizedTest
    @CsvSource({"auto,AUTO", "AUTO,AUTO", "Cimd,CIMD", "dcr,DCR", "' dcr ',DCR"})
    void parsesTheThreeModesIgnoringCase(String value, RegistrationMode expected) {
        assertThat(RegistrationMode.parse(value)).isEqualTo(expected);
    }

    @Test
    void rejectsAnythingElseNamingTheAllowedValues() {
        assertThatThrownBy(() -> RegistrationMode.parse("rfc7591"))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.detail()).isEqualTo("invalid client registration mode `rfc7591`: expected one of auto, cimd, dcr");
                });
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> RegistrationMode.parse(null)).isInstanceOf(McpOAuthException.class)
                .hasMessageStartingWith("invalid client registration mode `null`");
    }

    @Test
    void hasALowerCaseWireValue() {
        assertThat(RegistrationMode.CIMD.value()).isEqualTo("cimd");
    }
}
