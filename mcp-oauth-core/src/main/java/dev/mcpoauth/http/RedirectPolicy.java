package dev.mcpoauth.http;

/** Which HTTP redirects {@link HttpTransport} follows. */
public enum RedirectPolicy {
    /** Follow none: a 3xx is returned to the caller as it is. Token and registration calls use this. */
    NONE,
    /**
     * Follow redirects only within the origin of the original request (scheme, host and port).
     * Discovery uses this: metadata that redirects to another origin is refused, since another
     * origin could otherwise speak for the server.
     */
    SAME_ORIGIN
}
