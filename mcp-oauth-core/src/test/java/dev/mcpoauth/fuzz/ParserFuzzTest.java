package dev.mcpoauth.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.authorize.AuthorizationSession;
import dev.mcpoauth.authorize.CallbackParameters;
import dev.mcpoauth.config.McpOAuthConfig;
import dev.mcpoauth.discovery.AuthorizationDiscovery;
import dev.mcpoauth.discovery.ProtectedResourceMetadata;
import dev.mcpoauth.discovery.WwwAuthenticate;
import dev.mcpoauth.http.Json;
import java.net.URI;
import java.nio.file.Path;

/**
 * Fuzz targets for every parser that reads what a server, a browser or a config file hands the
 * client. Each may reject its input only with {@link McpOAuthException}; any other exception or
 * error is a finding.
 *
 * <p>A plain {@code mvn verify} runs each target once per input in
 * {@code src/test/resources/dev/mcpoauth/fuzz/ParserFuzzTestInputs/<method>/} (regression mode, a
 * second or two). Fuzzing, one target at a time, for up to {@code maxDuration}:
 * <pre>
 * JAZZER_FUZZ=1 mvn -o -pl mcp-oauth-core test -Dtest='ParserFuzzTest#wwwAuthenticate'
 * </pre>
 * A crashing input is written to that inputs directory, so it becomes a regression test at once.
 */
class ParserFuzzTest {
    private static final AuthorizationSession SESSION = AuthorizationSession.create(AuthorizationSession.Settings.builder(
                    URI.create("https://auth.example.com/authorize"), "https://auth.example.com", "client-1",
                    URI.create("http://127.0.0.1:4321/callback/8t06V3nLEwB8"))
            .issParameterSupported(true).build());

    @FuzzTest(maxDuration = "5m")
    void wwwAuthenticate(FuzzedDataProvider data) {
        WwwAuthenticate parsed = WwwAuthenticate.parse(java.util.List.of(data.consumeString(500),
                data.consumeRemainingAsString()));
        for (WwwAuthenticate.Challenge challenge : parsed.challenges()) {
            challenge.params().forEach((name, value) -> challenge.param(name));
            challenge.scopes();
            challenge.error();
            challenge.isBearer();
        }
        parsed.bearer().ifPresent(bearer -> bearer.resourceMetadata());
    }

    @FuzzTest(maxDuration = "5m")
    void callbackQuery(FuzzedDataProvider data) {
        CallbackParameters params = CallbackParameters.parseQuery(data.consumeRemainingAsString());
        params.toString();
        SESSION.matchesState(params);
        try {
            SESSION.validate(params);
        } catch (McpOAuthException expected) {
            // a rejected callback
        }
    }

    @FuzzTest(maxDuration = "5m")
    void protectedResourceMetadata(FuzzedDataProvider data) {
        try {
            ObjectNode json = Json.parseObject(data.consumeRemainingAsBytes(), "fuzz");
            ProtectedResourceMetadata prm = ProtectedResourceMetadata.parse(json, "https://mcp.example.com/prm");
            ResourceUri.of("https://mcp.example.com/mcp").isCoveredBy(ResourceUri.of(prm.resource()));
        } catch (McpOAuthException expected) {
            // malformed metadata
        }
    }

    /**
     * Found {@code {"issuer":""}}, on which Nimbus throws {@link IllegalArgumentException} rather than
     * {@link ParseException}: {@link AuthorizationDiscovery#parseMetadata} now turns every Nimbus failure
     * into {@code malformed_response} (the crash input is kept in the inputs directory).
     */
    @FuzzTest(maxDuration = "5m")
    void authorizationServerMetadata(FuzzedDataProvider data) {
        try {
            ObjectNode json = Json.parseObject(data.consumeRemainingAsBytes(), "fuzz");
            AuthorizationServerMetadata metadata = AuthorizationDiscovery.parseMetadata(json, "https://auth.example.com");
            metadata.getCodeChallengeMethods();
            metadata.getTokenEndpointAuthMethods();
            metadata.getCustomParameter("client_id_metadata_document_supported");
        } catch (McpOAuthException expected) {
            // malformed metadata, as discovery reports it
        }
    }

    @FuzzTest(maxDuration = "5m")
    void configToml(FuzzedDataProvider data) {
        try {
            McpOAuthConfig config = McpOAuthConfig.parse(data.consumeRemainingAsString(), Path.of("fuzz.toml"));
            config.servers().values().forEach(server -> server.resolvedHeaders(java.util.Map.of()));
        } catch (McpOAuthException expected) {
            // an invalid config file
        }
    }
}
