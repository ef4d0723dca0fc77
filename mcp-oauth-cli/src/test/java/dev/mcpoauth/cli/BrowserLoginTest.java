package dev.mcpoauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpoauth.testkit.Approval;
import dev.mcpoauth.testkit.TestServers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One complete login in a real browser: headless Debian chromium opens the authorization URL the CLI
 * prints, shows the test authorization server's HTML consent page, the test clicks Approve, and the
 * browser lands on the CLI's own callback page. Screenshots of both pages are kept under
 * {@code target/screenshots/}.
 */
class BrowserLoginTest extends CliScenario {
    private static final Path SCREENSHOTS = Path.of(System.getProperty("cli.test.output", "target"), "screenshots");

    @Test
    void logsInThroughTheConsentPageInChromium() throws Exception {
        assumeTrue(Chromium.available(), "chromium is not installed (CI installs it: apt-get install -y chromium)");
        TestServers servers = servers(b -> b.approval(Approval.CONSENT_PAGE));
        configDocs(servers, "");
        try (CliRunner.Running login = cli.start("login", "docs", "--no-browser", "--timeout", "60")) {
            URI authorizationUrl = login.awaitAuthorizationUrl();
            URI redirectUri = URI.create(queryParam(authorizationUrl, "redirect_uri"));
            try (Chromium chromium = Chromium.open(home.resolve("chromium-profile"), authorizationUrl)) {
                chromium.await("document.title.startsWith('Authorize ') && !!document.querySelector('button[value=approve]')",
                        Duration.ofSeconds(30));
                chromium.screenshot(SCREENSHOTS.resolve("consent-page.png"));
                chromium.evaluate("document.querySelector('button[value=approve]').click(), true");
                chromium.await("location.href.startsWith('" + redirectUri + "') && document.readyState === 'complete'"
                        + " && !!document.getElementById('title')", Duration.ofSeconds(30));
                chromium.screenshot(SCREENSHOTS.resolve("callback-page.png"));
                assertThat(chromium.evaluate("document.getElementById('title').textContent").asText()).isEqualTo("Logged in to docs");
                assertThat(chromium.evaluate("document.title").asText()).isEqualTo("Logged in to docs - mcp-oauth");
            }
            CliRunner.Result result = login.await();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).contains("Successfully logged in to MCP server 'docs'.");
        }
        assertThat(SCREENSHOTS.resolve("callback-page.png")).exists();
    }
}
