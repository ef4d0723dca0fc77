package dev.mcpoauth.keyring;

/**
 * A keyring call that did not succeed: it timed out, or the keyring refused it. The reason is one
 * short phrase for a message ("did not answer within 5 s", "org.freedesktop.DBus.Error.ServiceUnknown:
 * ..."); it never contains a secret.
 */
final class KeyringFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    KeyringFailure(String reason, boolean timedOut, Throwable cause) {
        super(reason, cause);
        this.timedOut = timedOut;
    }

    /** Whether the keyring did not answer in time (as opposed to answering with an error). */
    boolean timedOut() {
        return timedOut;
    }

    /** Why, in a few words. */
    String reason() {
        return getMessage();
    }
}
