package dev.mcpoauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ServerKey} equality is by name and URL, as a record's (its methods are written out for start-up time). */
class ServerKeyTest {
    @Test
    void keysWithTheSameNameAndUrlAreEqualAndHashAlike() {
        ServerKey a = new ServerKey("docs", "https://mcp.example.com/mcp");
        ServerKey b = new ServerKey(new String("docs"), new String("https://mcp.example.com/mcp"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(new HashSet<>(Set.of(a))).contains(b);
    }

    @Test
    void aDifferentNameOrUrlIsADifferentKey() {
        ServerKey key = new ServerKey("docs", "https://mcp.example.com/mcp");
        assertThat(key).isNotEqualTo(new ServerKey("docs", "https://mcp.example.com/other"))
                .isNotEqualTo(new ServerKey("wiki", "https://mcp.example.com/mcp"))
                .isNotEqualTo(new ServerKey("docs|https:", "//mcp.example.com/mcp"))
                .isNotEqualTo(null)
                .isNotEqualTo("docs|https://mcp.example.com/mcp");
        assertThat(key.toString()).isEqualTo("ServerKey[name=docs, url=https://mcp.example.com/mcp]");
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> new ServerKey(null, "https://mcp.example.com/mcp")).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }
}
