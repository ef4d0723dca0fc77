package dev.mcpoauth.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Sends requests built by the Nimbus OAuth 2.0 SDK through {@link HttpTransport}, so they share its
 * timeouts, size cap and headers, and turns the answer back into a Nimbus {@link HTTPResponse} for
 * Nimbus to parse.
 */
public final class NimbusHttp {
    private NimbusHttp() {
    }

    /** Sends a Nimbus request (no redirects are followed) and returns the Nimbus response. */
    public static HTTPResponse send(HttpTransport transport, HTTPRequest request) {
        URI uri;
        try {
            uri = request.getURL().toURI();
        } catch (URISyntaxException e) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid endpoint URL `" + request.getURL() + "`", e);
        }
        String query = request.getQuery();
        if (request.getMethod() == HTTPRequest.Method.GET && query != null && !query.isEmpty()) {
            uri = URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + query);
        }
        HttpCall call = new HttpCall(request.getMethod().name(), uri, Map.of(), null, RedirectPolicy.NONE);
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            if (!header.getValue().isEmpty()) {
                call = call.header(header.getKey(), String.join(", ", header.getValue()));
            }
        }
        if (request.getMethod() != HTTPRequest.Method.GET) {
            String body = request.getBody();
            if (body != null) {
                call = new HttpCall(call.method(), call.uri(), call.headers(),
                        body.getBytes(StandardCharsets.UTF_8), RedirectPolicy.NONE);
            }
        }
        call = call.header("Accept", "application/json");
        HttpResult result = transport.send(call);
        return toNimbus(result);
    }

    /**
     * Converts a received response into Nimbus's representation.
     *
     * @throws McpOAuthException {@link ErrorCode#MALFORMED_RESPONSE} when the body is not valid UTF-8:
     *     decoding it leniently would hand on a token with replacement characters in it
     */
    public static HTTPResponse toNimbus(HttpResult result) {
        HTTPResponse response = new HTTPResponse(result.status());
        result.headers().forEach((name, values) -> {
            if (!values.isEmpty()) {
                response.setHeader(name, values.toArray(new String[0]));
            }
        });
        try {
            response.setBody(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(result.body()))
                    .toString());
        } catch (CharacterCodingException e) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE,
                    "the response from `" + result.uri() + "` is not valid UTF-8", e);
        }
        return response;
    }
}
