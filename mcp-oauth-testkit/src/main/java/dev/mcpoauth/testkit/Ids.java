package dev.mcpoauth.testkit;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable identifiers: codes, tokens, client ids and secrets (base64url, no padding, 256 bits). */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
