package dev.mcpoauth.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a user may paste as the final redirect URL of a remote login. */
class RedirectPasteTest {
    private static final URI REDIRECT = URI.create("http://127.0.0.1:43121/callback/8t06V3nLEwB8");

    @Nested
    class Accepts {
        @Test
        void theWholeAddress() {
            URI url = RedirectPaste.parse("http://127.0.0.1:43121/callback/8t06V3nLEwB8?code=c1&state=s1&iss=x", REDIRECT);
            assertThat(url).hasToString("http://127.0.0.1:43121/callback/8t06V3nLEwB8?code=c1&state=s1&iss=x");
            assertThat(RedirectPaste.stateOf(url)).contains("s1");
        }

        @Test
        void theAddressInQuotesOrAngleBracketsWithSpaces() {
            URI url = RedirectPaste.parse("  \"<http://127.0.0.1:43121/callback/8t06V3nLEwB8?code=c1&state=s1>\" ", REDIRECT);
            assertThat(RedirectPaste.stateOf(url)).contains("s1");
        }

        @Test
        void onlyTheQueryAndPutsItOnTheRedirectUri() {
            assertThat(RedirectPaste.parse("?code=c1&state=s1", REDIRECT))
                    .hasToString("http://127.0.0.1:43121/callback/8t06V3nLEwB8?code=c1&state=s1");
            assertThat(RedirectPaste.parse("code=c1&state=s1", REDIRECT))
                    .hasToString("http://127.0.0.1:43121/callback/8t06V3nLEwB8?code=c1&state=s1");
        }

        @Test
        void anotherPortOfTheSameLoopbackPath() {
            assertThat(RedirectPaste.parse("http://localhost:9/callback/8t06V3nLEwB8?error=access_denied&state=s1", REDIRECT))
                    .hasToString("http://localhost:9/callback/8t06V3nLEwB8?error=access_denied&state=s1");
        }
    }

    @Nested
    class Rejects {
        @Test
        void wordsThatAreNoAddress() {
            assertThatThrownBy(() -> RedirectPaste.parse("it says connection refused", REDIRECT))
                    .isInstanceOf(RedirectPaste.NotARedirect.class)
                    .hasMessage("That does not look like the redirect address. Paste the whole address from the browser's"
                            + " address bar; it starts with http://127.0.0.1:43121/callback/8t06V3nLEwB8.");
        }

        @Test
        void theAuthorizationUrlItself() {
            assertThatThrownBy(() -> RedirectPaste.parse("http://127.0.0.1:5000/authorize?client_id=x&state=s1", REDIRECT))
                    .isInstanceOf(RedirectPaste.NotARedirect.class)
                    .hasMessage("That address is not this login's redirect: its path is /authorize, expected /callback/8t06V3nLEwB8.");
        }

        @Test
        void anAddressWithoutState() {
            assertThatThrownBy(() -> RedirectPaste.parse("http://127.0.0.1:43121/callback/8t06V3nLEwB8?code=c1", REDIRECT))
                    .isInstanceOf(RedirectPaste.NotARedirect.class)
                    .hasMessage("That address has no `state` parameter. Paste the address the browser shows after you approve,"
                            + " including everything after `?`.");
        }

        @Test
        void aBrokenUrl() {
            assertThatThrownBy(() -> RedirectPaste.parse("http://127.0.0.1:43121/callback/x y?state=1", REDIRECT))
                    .isInstanceOf(RedirectPaste.NotARedirect.class)
                    .hasMessage("That is not a valid URL. Paste the whole address from the browser's address bar.");
        }
    }
}
