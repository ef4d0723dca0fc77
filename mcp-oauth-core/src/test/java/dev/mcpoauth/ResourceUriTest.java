package dev.mcpoauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ResourceUriTest {
    @Nested
    class Canonical {
        @Test
        void lowerCasesSchemeAndHostAndDropsTheDefaultPortAndFragment() {
            assertThat(ResourceUri.of("HTTPS://MCP.Example.com:443/mcp#x").value()).isEqualTo("https://mcp.example.com/mcp");
        }

        @Test
        void keepsAPathlessIdentifierPathlessAsPublished() {
            assertThat(ResourceUri.of("http://localhost:3000").value()).isEqualTo("http://localhost:3000");
        }

        @Test
        void keepsARootPathThatWasWritten() {
            assertThat(ResourceUri.of("http://localhost:3000/").value()).isEqualTo("http://localhost:3000/");
        }
    }

    @Nested
    class Coverage {
        @Test
        void aPathlessResourceCoversTheServersPaths() {
            assertThat(ResourceUri.of("http://localhost:3000/mcp").isCoveredBy(ResourceUri.of("http://localhost:3000")))
                    .isTrue();
        }

        @Test
        void aPathlessServerIsCoveredByTheRootResource() {
            assertThat(ResourceUri.of("http://localhost:3000").isCoveredBy(ResourceUri.of("http://localhost:3000/")))
                    .isTrue();
        }
    }
}
