/**
 * The browser leg of a login: {@link dev.mcpoauth.authorize.CallbackId} (deterministic per server),
 * {@link dev.mcpoauth.authorize.CallbackEndpoint} (redirect URI and bind address),
 * {@link dev.mcpoauth.authorize.CallbackListener} (loopback listener, RFC 8252 §7.3),
 * {@link dev.mcpoauth.authorize.AuthorizationSession} (PKCE S256 per RFC 7636, {@code state},
 * {@code resource} per RFC 8707, callback checks per RFC 6749 §10.12 and RFC 9207) and the
 * {@link dev.mcpoauth.authorize.LandingPage} the browser shows.
 */
package dev.mcpoauth.authorize;
