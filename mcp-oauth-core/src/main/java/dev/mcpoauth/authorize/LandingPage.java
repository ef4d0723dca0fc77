package dev.mcpoauth.authorize;

import java.nio.charset.StandardCharsets;

/**
 * The small HTML page the browser shows after the redirect back to the loopback listener: success,
 * or what went wrong and what to do next. Every interpolated string is HTML-escaped.
 *
 * @param status HTTP status to answer with
 * @param title  page heading
 * @param detail one or two sentences
 * @param next   what to do next, may be empty
 * @param success whether this reports a completed login
 */
public record LandingPage(int status, String title, String detail, String next, boolean success) {

    public static LandingPage success(String serverName) {
        return new LandingPage(200, "Logged in to " + serverName,
                "mcp-oauth received the authorization and saved the credentials.",
                "You can close this tab and return to your application.", true);
    }

    public static LandingPage failure(int status, String title, String detail, String next) {
        return new LandingPage(status, title, detail, next == null ? "" : next, false);
    }

    /** The page as UTF-8 HTML. */
    public byte[] html() {
        String color = success ? "#1a7f37" : "#cf222e";
        String mark = success ? "&#10003;" : "&#10007;";
        String page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " - mcp-oauth</title>"
                + "<style>body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;background:#f6f8fa;color:#1f2328;"
                + "display:flex;min-height:100vh;margin:0;align-items:center;justify-content:center}"
                + "main{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:32px 40px;max-width:520px;"
                + "box-shadow:0 1px 3px rgba(0,0,0,.06)}"
                + ".mark{font-size:40px;color:" + color + "}h1{font-size:22px;margin:8px 0 12px}"
                + "p{line-height:1.5;margin:8px 0}.next{color:#57606a}footer{margin-top:20px;font-size:12px;color:#8c959f}"
                + "</style></head><body><main>"
                + "<div class=\"mark\" aria-hidden=\"true\">" + mark + "</div>"
                + "<h1 id=\"title\">" + escape(title) + "</h1>"
                + "<p id=\"detail\">" + escape(detail) + "</p>"
                + (next.isEmpty() ? "" : "<p class=\"next\" id=\"next\">" + escape(next) + "</p>")
                + "<footer>mcp-oauth</footer></main></body></html>\n";
        return page.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
