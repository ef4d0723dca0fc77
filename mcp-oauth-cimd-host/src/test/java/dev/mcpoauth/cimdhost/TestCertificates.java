package dev.mcpoauth.cimdhost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away test CA and a server certificate it signed for {@code localhost} and {@code 127.0.0.1},
 * made with the JDK's {@code keytool} (nothing downloaded, nothing checked in). Made once per test
 * JVM: four keytool runs take a few seconds.
 *
 * @param serverKeystore PKCS#12 with the server key and its chain (server, CA)
 * @param password       of both keystores and keys
 * @param caPem          the CA certificate, PEM (for {@code NODE_EXTRA_CA_CERTS})
 * @param ca             the CA certificate
 */
record TestCertificates(Path serverKeystore, char[] password, Path caPem, X509Certificate ca) {
    private static final String PASSWORD = "test-keystore-password";
    private static TestCertificates shared;

    /** The certificates of this JVM, made on first use. */
    static synchronized TestCertificates shared() throws IOException, InterruptedException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("mcp-oauth-cimd-host-tls");
            dir.toFile().deleteOnExit();
            shared = create(dir);
        }
        return shared;
    }

    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Path server = dir.resolve("server.p12");
        Path caPem = dir.resolve("ca.pem");
        String keystore = server.toString();
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=mcp-oauth test CA", "-ext", "bc:c", "-ext", "KeyUsage:critical=keyCertSign,cRLSign",
                "-validity", "3", "-keystore", keystore, "-storetype", "PKCS12");
        // -signer (JDK 16+) issues the server certificate from the CA in the same keystore.
        keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-signer", "ca", "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-ext", "eku=serverAuth", "-ext", "KeyUsage:critical=digitalSignature", "-validity", "3",
                "-keystore", keystore);
        keytool(dir, "-exportcert", "-alias", "ca", "-rfc", "-file", caPem.toString(), "-keystore", keystore);
        // Leave only the server key: a key manager might otherwise pick the CA's.
        keytool(dir, "-delete", "-alias", "ca", "-keystore", keystore);
        X509Certificate caCert;
        try (InputStream in = Files.newInputStream(caPem)) {
            caCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(e);
        }
        return new TestCertificates(server, PASSWORD.toCharArray(), caPem, caCert);
    }

    /** A client context trusting only the test CA. */
    SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC")); // a short-lived JVM starts faster
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
