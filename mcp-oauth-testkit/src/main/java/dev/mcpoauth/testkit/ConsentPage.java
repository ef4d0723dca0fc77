package dev.mcpoauth.testkit;

import java.util.Set;

/**
 * The HTML the authorization endpoint shows: the consent page (title {@code "Authorize <client name>"}, client name,
 * requested scopes, Approve and Deny buttons in one form) and the error page for requests that cannot be redirected.
 */
final class ConsentPage {

    /** Form field carrying the pending request's id. */
    static final String REQUEST_ID = "request_id";
    /** Form field carrying {@code approve} or {@code deny}. */
    static final String DECISION = "decision";

    private ConsentPage() {
    }

    static String render(String actionUrl, String requestId, String clientName, Set<String> scopes) {
        StringBuilder scopeItems = new StringBuilder();
        for (String scope : scopes) {
            scopeItems.append("      <li class=\"scope\">").append(escape(scope)).append("</li>\n");
        }
        String scopeList = scopes.isEmpty()
                ? "    <p>No scopes were requested.</p>\n"
                : "    <ul>\n" + scopeItems + "    </ul>\n";
        return "<!DOCTYPE html>\n"
                + "<html lang=\"en\">\n"
                + "<head>\n"
                + "  <meta charset=\"utf-8\">\n"
                + "  <title>Authorize " + escape(clientName) + "</title>\n"
                + "</head>\n"
                + "<body>\n"
                + "  <h1>Authorize <span id=\"client-name\">" + escape(clientName) + "</span></h1>\n"
                + "  <p>The application <strong>" + escape(clientName)
                + "</strong> wants to access the MCP server with these scopes:</p>\n"
                + scopeList
                + "  <form method=\"post\" action=\"" + escape(actionUrl) + "\">\n"
                + "    <input type=\"hidden\" name=\"" + REQUEST_ID + "\" value=\"" + escape(requestId) + "\">\n"
                + "    <button type=\"submit\" name=\"" + DECISION + "\" value=\"approve\">Approve</button>\n"
                + "    <button type=\"submit\" name=\"" + DECISION + "\" value=\"deny\">Deny</button>\n"
                + "  </form>\n"
                + "</body>\n"
                + "</html>\n";
    }

    static String error(String message) {
        return "<!DOCTYPE html>\n"
                + "<html lang=\"en\">\n"
                + "<head>\n"
                + "  <meta charset=\"utf-8\">\n"
                + "  <title>Authorization error</title>\n"
                + "</head>\n"
                + "<body>\n"
                + "  <h1>Authorization error</h1>\n"
                + "  <p id=\"error\">" + escape(message) + "</p>\n"
                + "</body>\n"
                + "</html>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }
}
