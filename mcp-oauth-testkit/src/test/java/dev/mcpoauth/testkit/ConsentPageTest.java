package dev.mcpoauth.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConsentPageTest {

    private TestServers servers;
    private Flow flow;

    @BeforeEach
    void start() {
        servers = TestServers.builder().approval(Approval.CONSENT_PAGE).build().start();
        flow = new Flow(servers).register("none");
        flow.scope = "mcp:read mcp:write";
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    private String requestId(String html) {
        Matcher matcher = Pattern.compile("name=\"request_id\" value=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).as(html).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> decide(String requestId, String decision) {
        return Http.postForm(servers.issuer() + "/authorize", Map.of("request_id", requestId, "decision", decision));
    }

    @Test
    void the_page_names_the_client_and_the_scopes_and_offers_approve_and_deny() {
        HttpResponse<String> page = flow.authorize();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Http.header(page, "Content-Type")).startsWith("text/html");
        assertThat(page.body())
                .contains("<title>Authorize Flow test client</title>")
                .contains("mcp:read").contains("mcp:write")
                .contains("<form method=\"post\" action=\"" + servers.issuer() + "/authorize\">")
                .contains("value=\"approve\">Approve</button>")
                .contains("value=\"deny\">Deny</button>");
    }

    @Test
    void approving_redirects_with_a_code_that_redeems() {
        HttpResponse<String> decision = decide(requestId(flow.authorize().body()), "approve");
        Map<String, String> redirect = Http.query(Http.location(decision));

        assertThat(decision.statusCode()).isEqualTo(302);
        assertThat(redirect).containsEntry("state", flow.state).containsEntry("iss", servers.issuer());
        assertThat(flow.token(flow.codeExchange(redirect.get("code"))).statusCode()).isEqualTo(200);
    }

    @Test
    void denying_redirects_with_access_denied() {
        HttpResponse<String> decision = decide(requestId(flow.authorize().body()), "deny");

        assertThat(Http.query(Http.location(decision)))
                .containsEntry("error", "access_denied").containsEntry("state", flow.state);
    }

    @Test
    void a_decision_counts_only_once() {
        String requestId = requestId(flow.authorize().body());
        decide(requestId, "approve");

        HttpResponse<String> again = decide(requestId, "approve");

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void html_in_the_client_name_is_escaped() {
        Flow hostile = new Flow(servers);
        HttpResponse<String> registration = Http.postJson(servers.issuer() + "/register", Map.of(
                "redirect_uris", java.util.List.of(Flow.REDIRECT), "token_endpoint_auth_method", "none",
                "client_name", "<script>alert(1)</script>"));
        hostile.clientId = Http.json(registration).get("client_id").asText();

        assertThat(hostile.authorize().body()).doesNotContain("<script>").contains("&lt;script&gt;");
    }
}
