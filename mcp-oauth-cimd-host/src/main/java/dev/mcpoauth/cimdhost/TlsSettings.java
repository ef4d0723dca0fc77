package dev.mcpoauth.cimdhost;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The host's TLS certificate: a PKCS#12 or JKS keystore holding one private key and its certificate
 * chain. Authorization servers fetch metadata documents over https only
 * (draft-ietf-oauth-client-id-metadata-document §3), so a host reached directly (not through a
 * TLS-terminating proxy) needs one.
 *
 * <p>The password is copied on construction; {@link #sslContext()} reads the keystore. Neither the
 * password nor key material appears in {@code toString()} or in error messages.
 */
final class TlsSettings {
    /** TLS versions offered: 1.3 and 1.2 (RFC 8996 retired older ones). */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Path keystore;
    private final char[] password;

    TlsSettings(Path keystore, char[] password) {
        this.keystore = Objects.requireNonNull(keystore, "keystore");
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    Path keystore() {
        return keystore;
    }

    /**
     * Loads the keystore and builds a server context.
     *
     * @throws McpOAuthException {@link ErrorCode#INVALID_INPUT} when the file is missing, unreadable,
     *     not a keystore, the password is wrong, or it holds no private key
     */
    SSLContext sslContext() {
        if (!Files.isRegularFile(keystore)) {
            throw invalid("no such file");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(keystore.toFile(), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw invalid("the password is wrong");
            }
            throw invalid("it is not a readable PKCS#12 or JKS keystore, or the password is wrong");
        } catch (GeneralSecurityException e) {
            throw invalid("it is not a PKCS#12 or JKS keystore (" + e.getClass().getSimpleName() + ")");
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw invalid("it holds no private key entry");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw invalid("its private key has a different password than the keystore");
        } catch (GeneralSecurityException e) {
            throw invalid("cannot use it for TLS (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Forgets the password. */
    void clear() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "TlsSettings[" + keystore + "]";
    }

    private McpOAuthException invalid(String why) {
        return new McpOAuthException(ErrorCode.INVALID_INPUT, "cannot use the TLS keystore `" + keystore + "`: " + why,
                "Check the keystore path and its password.",
                null);
    }
}
