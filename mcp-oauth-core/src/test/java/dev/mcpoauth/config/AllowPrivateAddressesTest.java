package dev.mcpoauth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code mcp_oauth_allow_private_addresses}: the user's way past the address policy. */
class AllowPrivateAddressesTest {
    private static final Path FILE = Path.of("config.toml");

    @Test
    void isOffByDefault() {
        assertThat(McpOAuthConfig.parse("[mcp_servers.a]\nurl = \"https://a.example.com/mcp\"\n", FILE)
                .allowPrivateAddresses()).isFalse();
        assertThat(McpOAuthConfig.empty(FILE).allowPrivateAddresses()).isFalse();
    }

    @Test
    void isReadAsABoolean() {
        assertThat(McpOAuthConfig.parse("mcp_oauth_allow_private_addresses = true\n", FILE).allowPrivateAddresses())
                .isTrue();
        assertThat(McpOAuthConfig.parse("mcp_oauth_allow_private_addresses = false\n", FILE).allowPrivateAddresses())
                .isFalse();
    }

    @Test
    void refusesAnythingButABoolean() {
        assertThatThrownBy(() -> McpOAuthConfig.parse("mcp_oauth_allow_private_addresses = \"yes\"\n", FILE))
                .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.detail()).isEqualTo("config file `config.toml`: `mcp_oauth_allow_private_addresses` must"
                            + " be true or false");
                });
    }
}
