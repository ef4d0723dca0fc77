package dev.mcpoauth.cimdhost;

/**
 * Hears each request the {@link ClientMetadataHost} answered, after the answer was sent. Called on a
 * server thread; keep it quick. {@link #NONE} by default.
 */
@FunctionalInterface
public interface RequestListener {
    /** Ignores every request. */
    RequestListener NONE = request -> { };

    void onRequest(ServedRequest request);
}
