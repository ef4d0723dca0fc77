package dev.mcpoauth.mcpsdk;

import dev.mcpoauth.dpop.DPoPProofs;

/**
 * An access token as it goes on a request.
 *
 * @param value  the access token
 * @param scheme {@code Bearer} (RFC 6750) or {@code DPoP} (RFC 9449 §7.1)
 * @param dpop   the proofs to sign each request with, for a DPoP-bound token; else {@code null}
 */
record PresentedToken(String value, String scheme, DPoPProofs dpop) {
    @Override
    public String toString() {
        return "PresentedToken[" + scheme + " ***]";
    }
}
