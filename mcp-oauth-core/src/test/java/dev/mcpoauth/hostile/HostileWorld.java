package dev.mcpoauth.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.McpOAuthException;
import dev.mcpoauth.http.Json;
import dev.mcpoauth.internal.Urls;
import dev.mcpoauth.login.LoginRequest;
import dev.mcpoauth.login.PendingLogin;
import dev.mcpoauth.testkit.HeadlessBrowser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MCP server and its authorization server as two {@link HostileSite}s, honest by default and
 * hostile wherever a test changes them: the protected resource metadata, the authorization server
 * metadata and the registration and token answers are plain fields. The authorization endpoint
 * approves at once (302 to the redirect URI with {@code code}, {@code state} and {@code iss}).
 * Every request to either site lands in {@link #log}.
 */
final class HostileWorld implements AutoCloseable {
    /** The secrets this world hands out; none may show up anywhere but where they belong. */
    static final String CODE = "code-SECRET-4711";
    static final String ACCESS_TOKEN = "at-SECRET-0815";
    static final String REFRESH_TOKEN = "rt-SECRET-1234";

    final List<HostileSite.Seen> log = new CopyOnWriteArrayList<>();
    final HostileSite mcp;
    final HostileSite as;
    /** The protected resource metadata served at the challenge's URL. */
    final ObjectNode prm;
    /** The authorization server metadata served at the RFC 8414 well-known URL. */
    final ObjectNode metadata;
    /** The token endpoint's answer. */
    volatile HostileSite.Handler token;
    /** The registration endpoint's answer to the parsed request. */
    volatile java.util.function.Function<ObjectNode, String> registration;
    final AtomicInteger authorizations = new AtomicInteger();

    HostileWorld() {
        try {
            mcp = new HostileSite("mcp", log);
            as = new HostileSite("as", log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        prm = Json.MAPPER.createObjectNode()
                .put("resource", mcpUrl().toString());
        prm.putArray("authorization_servers").add(as.origin());
        prm.putArray("scopes_supported").add("mcp:read");
        metadata = Json.MAPPER.createObjectNode()
                .put("issuer", as.origin())
                .put("authorization_endpoint", as.origin() + "/authorize")
                .put("token_endpoint", as.origin() + "/token")
                .put("registration_endpoint", as.origin() + "/register")
                .put("authorization_response_iss_parameter_supported", true);
        metadata.putArray("code_challenge_methods_supported").add("S256");
        metadata.putArray("response_types_supported").add("code");
        metadata.putArray("token_endpoint_auth_methods_supported").add("none");
        token = HostileSite.json(tokenJson("Bearer"));
        registration = request -> {
            ObjectNode answer = Json.MAPPER.createObjectNode().put("client_id", "client-1")
                    .put("token_endpoint_auth_method", "none");
            answer.set("redirect_uris", request.get("redirect_uris"));
            return answer.toString();
        };

        mcp.on("/mcp", (exchange, seen) -> {
            exchange.getResponseHeaders().add("WWW-Authenticate",
                    "Bearer resource_metadata=\"" + mcp.origin() + "/.well-known/oauth-protected-resource/mcp\"");
            HostileSite.send(exchange, 401, "application/json", "{}");
        });
        mcp.on("/.well-known/oauth-protected-resource/mcp", (exchange, seen) ->
                HostileSite.send(exchange, 200, "application/json", prm.toString()));
        as.on("/.well-known/oauth-authorization-server", (exchange, seen) ->
                HostileSite.send(exchange, 200, "application/json", metadata.toString()));
        as.on("/register", (exchange, seen) -> HostileSite.send(exchange, 201, "application/json",
                registration.apply(Json.parseObject(seen.body().getBytes(StandardCharsets.UTF_8), "registration"))));
        as.on("/token", (exchange, seen) -> token.handle(exchange, seen));
        as.on("/authorize", (exchange, seen) -> {
            authorizations.incrementAndGet();
            Map<String, String> q = Urls.parseQuery(seen.query(), new ArrayList<>());
            String location = q.get("redirect_uri") + "?code=" + CODE + "&state=" + Urls.formEncode(q.get("state"))
                    + "&iss=" + Urls.formEncode(metadata.path("issuer").asText());
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
    }

    static String tokenJson(String tokenType) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("access_token", ACCESS_TOKEN)
                .put("expires_in", 3600).put("refresh_token", REFRESH_TOKEN).put("scope", "mcp:read");
        if (tokenType != null) {
            body.put("token_type", tokenType);
        }
        return body.toString();
    }

    URI mcpUrl() {
        return mcp.url("/mcp");
    }

    LoginRequest.Builder request() {
        return LoginRequest.builder("hostile", mcpUrl()).timeout(Duration.ofSeconds(20));
    }

    /** Requests to one site, in order. */
    List<HostileSite.Seen> requestsTo(HostileSite site) {
        return log.stream().filter(seen -> seen.site().equals(site == mcp ? "mcp" : "as")).toList();
    }

    List<String> paths(HostileSite site) {
        return requestsTo(site).stream().map(seen -> seen.method() + " " + seen.path()).toList();
    }

    /** No request other than {@code allowed} carried any secret this world handed out. */
    void assertSecretsStayedHome(java.util.function.Predicate<HostileSite.Seen> allowed) {
        assertNoSecretsIn(log.stream().filter(allowed.negate()).toList());
    }

    static void assertNoSecretsIn(List<HostileSite.Seen> requests) {
        for (HostileSite.Seen seen : requests) {
            String all = seen.everything();
            assertThat(all).as("request %s", seen).doesNotContain(CODE).doesNotContain(ACCESS_TOKEN)
                    .doesNotContain(REFRESH_TOKEN).doesNotContainIgnoringCase("authorization=");
        }
    }

    /** Follows the authorization URL like a browser that approves at once. */
    static HeadlessBrowser.Visit approve(PendingLogin login) {
        return HeadlessBrowser.follow(login.authorizationUrl());
    }

    /** The login's failure, or an assertion error if it succeeded. */
    static McpOAuthException failureOf(PendingLogin login) {
        try {
            login.result().orTimeout(30, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(McpOAuthException.class);
            return (McpOAuthException) e.getCause();
        }
        throw new AssertionError("the login succeeded");
    }

    /** The first value of a JSON member, for assertions on recorded bodies. */
    static JsonNode parse(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "test");
    }

    @Override
    public void close() {
        mcp.close();
        as.close();
    }
}
