/**
 * Sender-constrained tokens with DPoP (RFC 9449): {@link dev.mcpoauth.dpop.DPoPProofs} holds the key
 * and the servers' nonces and signs one proof per request.
 */
package dev.mcpoauth.dpop;
