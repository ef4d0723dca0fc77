package dev.mcpoauth.login;

/**
 * Hears each step of a login in plain words, for progress output (the CLI, the demo) and
 * diagnostics. Messages never contain tokens, codes or secrets.
 */
@FunctionalInterface
public interface LoginObserver {
    LoginObserver NONE = (step, message) -> { };

    /** The steps of a login, in the order they happen. */
    enum Step {
        PROBED_SERVER,
        FOUND_PROTECTED_RESOURCE_METADATA,
        FOUND_AUTHORIZATION_SERVER,
        CHOSE_SCOPES,
        LISTENING_FOR_CALLBACK,
        IDENTIFIED_CLIENT,
        AUTHORIZATION_URL_READY,
        CALLBACK_RECEIVED,
        TOKENS_RECEIVED,
        CREDENTIALS_SAVED
    }

    void onStep(Step step, String message);
}
