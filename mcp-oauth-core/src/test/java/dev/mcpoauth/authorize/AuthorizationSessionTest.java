package dev.mcpoauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizationSessionTest {
    private static final String ISSUER = "https://auth.example.com/tenant1";
    private static final URI REDIRECT = URI.create("http://127.0.0.1:4321/callback/8t06V3nLEwB8");

    private static AuthorizationSession session(boolean issAdvertised) {
        return AuthorizationSession.create(AuthorizationSession.Settings.builder(
                        URI.create("https://auth.example.com/tenant1/authorize"), ISSUER, "client-1", REDIRECT)
                .resource(ResourceUri.of("https://mcp.example.com/mcp"))
                .scopes(List.of("mcp:read", "mcp:write"))
                .issParameterSupported(issAdvertised)
                .build());
    }

    private static Map<String, String> query(URI url) {
        return Urls.parseQuery(url.getRawQuery(), new ArrayList<>());
    }

    private static String state(AuthorizationSession s) {
        return query(s.authorizationUrl()).get("state");
    }

    private static CallbackParameters callback(String rawQuery) {
        return CallbackParameters.parseQuery(rawQuery);
    }

    @Nested
    class TheAuthorizationUrl {
        @Test
        void carriesPkceS256StateResourceScopeAndRedirect() throws Exception {
            AuthorizationSession s = session(true);
            Map<String, String> q = query(s.authorizationUrl());
            assertThat(s.authorizationUrl().toString()).startsWith("https://auth.example.com/tenant1/authorize?");
            assertThat(q).containsEntry("response_type", "code")
                    .containsEntry("client_id", "client-1")
                    .containsEntry("redirect_uri", REDIRECT.toString())
                    .containsEntry("code_challenge_method", "S256")
                    .containsEntry("resource", "https://mcp.example.com/mcp")
                    .containsEntry("scope", "mcp:read mcp:write");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.codeVerifier().getBytes(StandardCharsets.US_ASCII));
            assertThat(q.get("code_challenge")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(32);
        }

        @Test
        void asksForConsentOnlyWhenRequestingOfflineAccess() {
            assertThat(query(session(true).authorizationUrl())).doesNotContainKey("prompt");
            AuthorizationSession offline = AuthorizationSession.create(AuthorizationSession.Settings.builder(
                            URI.create("https://auth.example.com/authorize"), ISSUER, "client-1", REDIRECT)
                    .scopes(List.of("openid", "offline_access"))
                    .build());
            assertThat(query(offline.authorizationUrl())).containsEntry("prompt", "consent")
                    .containsEntry("scope", "openid offline_access");
        }

        @Test
        void usesFreshStateAndVerifierEachTime() {
            AuthorizationSession a = session(true);
            AuthorizationSession b = session(true);
            assertThat(state(a)).isNotEqualTo(state(b));
            assertThat(a.codeVerifier()).isNotEqualTo(b.codeVerifier());
        }

        @Test
        void neverShowsStateOrVerifierInToString() {
            AuthorizationSession s = session(true);
            assertThat(s.toString()).doesNotContain(state(s)).doesNotContain(s.codeVerifier());
        }
    }

    @Nested
    class TheCallback {
        @Test
        void yieldsTheCodeWhenStateAndIssMatch() {
            AuthorizationSession s = session(true);
            String code = s.validate(callback("code=abc&state=" + state(s) + "&iss=" + Urls.formEncode(ISSUER)));
            assertThat(code).isEqualTo("abc");
        }

        @Test
        void refusesAWrongState() {
            AuthorizationSession s = session(true);
            assertThatThrownBy(() -> s.validate(callback("code=abc&state=forged&iss=" + Urls.formEncode(ISSUER))))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_MISMATCH))
                    .hasMessageContaining("`state` does not match this login (RFC 6749 §10.12)");
        }

        @Test
        void refusesAMissingState() {
            AuthorizationSession s = session(false);
            assertThatThrownBy(() -> s.validate(callback("code=abc")))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_MISMATCH))
                    .hasMessageContaining("no `state` parameter");
        }

        @Test
        void doesNotShowErrorParamsWhenStateIsWrong() {
            AuthorizationSession s = session(false);
            assertThatThrownBy(() -> s.validate(callback("error=access_denied&error_description=Click+evil.example&state=x")))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_MISMATCH))
                    .hasMessageNotContaining("evil.example");
        }

        @Test
        void doesNotShowErrorParamsWhenIssIsWrong() {
            AuthorizationSession s = session(true);
            assertThatThrownBy(() -> s.validate(callback("error=access_denied&error_description=Click+evil.example&state="
                    + state(s) + "&iss=https%3A%2F%2Fevil.example")))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH_CALLBACK))
                    .hasMessageNotContaining("Click");
        }

        @Test
        void reportsAnAuthorizationErrorWithItsDescriptionAndAHint() {
            AuthorizationSession s = session(false);
            assertThatThrownBy(() -> s.validate(callback("error=access_denied&error_description=User+said+no&state=" + state(s))))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTHORIZATION_DENIED);
                        assertThat(e.detail()).isEqualTo("the authorization server answered `access_denied`: User said no");
                        assertThat(e.hint()).contains("approve");
                        assertThat(e.oauthError()).contains("access_denied");
                    });
        }

        @Test
        void carriesTheOAuthErrorCodeForCallersToDecideOn() {
            AuthorizationSession s = session(false);
            assertThatThrownBy(() -> s.validate(callback("error=invalid_scope&error_description=Unknown+scope+mcp%3Aadmin&state="
                    + state(s))))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.oauthError()).contains("invalid_scope"));
        }

        @Test
        void keepsNoOAuthErrorCodeThatIsNotPlainText() {
            AuthorizationSession s = session(false);
            assertThatThrownBy(() -> s.validate(callback("error=invalid_scope%20%3Cb%3E&state=" + state(s))))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTHORIZATION_DENIED);
                        assertThat(e.oauthError()).isEmpty();
                    });
        }

        @Test
        void anErrorWhoseMessageMentionsAnOAuthCodeIsNotOne() {
            McpOAuthException other = new McpOAuthException(ErrorCode.AUTHORIZATION_DENIED,
                    "the proxy said `invalid_scope` in its log");
            assertThat(other.oauthError()).isEmpty();
        }

        @Test
        void refusesRepeatedParameters() {
            AuthorizationSession s = session(false);
            assertThatThrownBy(() -> s.validate(callback("code=a&code=b&state=" + state(s))))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE))
                    .hasMessageContaining("[code]");
        }

        @Test
        void refusesAResponseWithNeitherCodeNorError() {
            AuthorizationSession s = session(false);
            assertThatThrownBy(() -> s.validate(callback("state=" + state(s))))
                    .isInstanceOfSatisfying(McpOAuthException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE));
        }
    }

    /** RFC 9207 §2.4, every row: advertised?, iss sent, accepted? */
    @ParameterizedTest(name = "advertised={0}, iss={1} -> accepted={2}")
    @CsvSource({
            "true,  exact,     true",
            "true,  absent,    false",
            "true,  other,     false",
            "true,  slash,     false",
            "true,  uppercase, false",
            "false, absent,    true",
            "false, exact,     true",
            "false, other,     false",
    })
    void appliesTheIssTable(boolean advertised, String iss, boolean accepted) {
        AuthorizationSession s = session(advertised);
        String value;
        switch (iss) {
            case "exact": value = ISSUER; break;
            case "other": value = "https://other.example.com/tenant1"; break;
            case "slash": value = ISSUER + "/"; break;
            case "uppercase": value = "https://AUTH.example.com/tenant1"; break;
            default: value = null;
        }
        String query = "code=abc&state=" + state(s) + (value == null ? "" : "&iss=" + Urls.formEncode(value));
        if (accepted) {
            assertThat(s.validate(callback(query))).isEqualTo("abc");
        } else {
            assertThatThrownBy(() -> s.validate(callback(query)))
                    .isInstanceOfSatisfying(McpOAuthException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ISSUER_MISMATCH_CALLBACK))
                    .hasMessageContaining("RFC 9207 §2.4");
        }
    }
}
