package dev.mcpoauth.discovery;

import java.net.URI;

/**
 * One thing discovery did, in order: each URL requested, and the checks between them. For
 * diagnostics ({@code mcp-oauth doctor}) and logs; never holds a response body.
 *
 * @param description what was being looked for, e.g. "protected resource metadata"
 * @param url         the URL requested, or {@code null} for a step without a request (a check)
 * @param status      the HTTP status, or {@code -1} when no response arrived or no request was made
 * @param outcome     what came of it, as a sentence, e.g. "not found (HTTP 404), trying the next location"
 */
public record DiscoveryStep(String description, URI url, int status, String outcome) {
    @Override
    public String toString() {
        return description + (url == null ? "" : " " + url) + (status < 0 ? "" : " -> HTTP " + status) + ": " + outcome;
    }
}
