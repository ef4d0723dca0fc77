package dev.mcpoauth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ControlServerTest {

    private TestServers servers;
    private ControlServer control;

    @BeforeEach
    void start() throws Exception {
        servers = TestServers.start();
        control = ControlServer.start(servers);
    }

    @AfterEach
    void stop() {
        control.close();
        servers.close();
    }

    private JsonNode get(String pathAndQuery) {
        HttpResponse<String> response = Http.get(control.origin() + pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response);
    }

    @Test
    void mark_and_count_see_only_the_servers_requests_after_the_mark() {
        Http.postForm(servers.issuer() + "/token", Map.of("grant_type", "nonsense"));
        int mark = get("/mark").get("mark").asInt();
        Http.postForm(servers.issuer() + "/token", Map.of("grant_type", "nonsense"));

        assertThat(mark).isEqualTo(1);
        assertThat(get("/count?method=POST&path=/token&since=" + mark).get("count").asInt()).isEqualTo(1);
        assertThat(get("/count?method=POST&path=/token").get("count").asInt()).isEqualTo(2);
        assertThat(servers.requests()).hasSize(2);
    }

    @Test
    void round_trips_stop_at_the_authorization_request() {
        Http.postJson(servers.mcpUrl().toString(), "{}");
        Http.get(servers.issuer() + "/.well-known/oauth-authorization-server");
        Http.get(servers.issuer() + "/authorize?client_id=x");
        Http.get(servers.issuer() + "/.well-known/oauth-authorization-server");

        JsonNode trips = get("/round-trips?since=0");

        assertThat(trips.get("roundTrips").asInt()).isEqualTo(2);
        assertThat(trips.get("authorizationSeen").asBoolean()).isTrue();
        assertThat(trips.get("waves").get(0).get(0).asText()).isEqualTo("POST /mcp");
    }

    @Test
    void requests_lists_methods_paths_and_times() {
        Http.get(servers.issuer() + "/.well-known/oauth-authorization-server");

        JsonNode first = get("/requests?since=0").get(0);

        assertThat(first.get("method").asText()).isEqualTo("GET");
        assertThat(first.get("path").asText()).isEqualTo("/.well-known/oauth-authorization-server");
        assertThat(first.get("receivedMicros").asLong()).isZero();
        assertThat(first.has("answeredMicros")).isTrue();
    }

    @Test
    void expire_access_tokens_answers_an_empty_object() {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(java.net.URI.create(
                control.origin() + "/expire-access-tokens")).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void a_since_beyond_the_log_is_a_400_with_the_reason() {
        HttpResponse<String> response = Http.get(control.origin() + "/mark?since=0");
        assertThat(response.statusCode()).isEqualTo(200);

        HttpResponse<String> bad = Http.get(control.origin() + "/count?method=GET&path=/x&since=7");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Http.json(bad).get("error").asText()).isEqualTo("since must be between 0 and 0: 7");
    }

    @Test
    void an_unknown_endpoint_is_a_404() {
        HttpResponse<String> response = Http.get(control.origin() + "/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Http.json(response).get("error").asText()).isEqualTo("no control endpoint GET /nope");
    }
}
