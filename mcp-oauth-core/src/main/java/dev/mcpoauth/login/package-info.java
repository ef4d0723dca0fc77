/**
 * The login orchestrator: {@link dev.mcpoauth.login.LoginFlow#start(dev.mcpoauth.login.LoginRequest)}
 * returns a {@link dev.mcpoauth.login.PendingLogin} with the authorization URL at once and a future
 * of the {@link dev.mcpoauth.login.LoginResult}, so the CLI (browser), the app server (return the
 * URL, notify later) and tests (follow the redirect headlessly) share one flow.
 */
package dev.mcpoauth.login;
