package dev.mcpoauth.authorize;

import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query parameters of an authorization response (RFC 6749 §4.1.2), as received on the
 * callback or pasted by a user.
 *
 * @param params     first value of each parameter
 * @param duplicates names that appeared more than once (an error: RFC 6749 §3.1)
 */
public record CallbackParameters(Map<String, String> params, List<String> duplicates) {

    public CallbackParameters {
        params = Map.copyOf(params);
        duplicates = List.copyOf(duplicates);
    }

    /** Parses a raw query string (never throws). */
    public static CallbackParameters parseQuery(String rawQuery) {
        List<String> duplicates = new ArrayList<>();
        Map<String, String> params = Urls.parseQuery(rawQuery, duplicates);
        return new CallbackParameters(params, duplicates);
    }

    /** Parses the query of a full redirect URL, e.g. one pasted from a browser's address bar. */
    public static CallbackParameters parseUrl(URI redirectUrl) {
        return parseQuery(redirectUrl.getRawQuery());
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(params.get(name));
    }

    @Override
    public String toString() {
        // Parameter names only: the code is a credential.
        return "CallbackParameters" + params.keySet();
    }
}
