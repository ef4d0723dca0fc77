package dev.mcpoauth.keyring;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.interfaces.DHPublicKey;
import javax.crypto.spec.DHParameterSpec;
import javax.crypto.spec.DHPublicKeySpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.freedesktop.secret.Pair;
import org.freedesktop.secret.Static;
import org.freedesktop.secret.interfaces.Prompt.Completed;

/**
 * {@link SecretsBackend} on the freedesktop Secret Service (GNOME Keyring, KWallet 5.97+, KeePassXC)
 * over the D-Bus session bus, on a connection this class opens and its caller closes.
 *
 * <p>Items are stored as java-keyring stores them (default collection, attributes {@code service} and
 * {@code account}, label {@code service|account}), so either library reads the other's items. It does
 * not use java-keyring's own Secret Service backend because that one cannot be bounded: it opens its
 * D-Bus connection inside a constructor, so a call that hangs there leaves a connection (and its
 * non-daemon thread) nobody can close, and it reads a keyring that gave no reply as "no such secret".
 * Secrets travel encrypted on the bus (the specification's {@value SecretServiceApi#DH_ALGORITHM}).
 */
final class SecretServiceBackend implements SecretsBackend {
    private static final BigInteger DH_PRIME = new BigInteger(1, Static.RFC_2409.SecondOakleyGroup.PRIME);
    private static final BigInteger DH_GENERATOR = new BigInteger(1, Static.RFC_2409.SecondOakleyGroup.GENERATOR);
    private static final int AES_KEY_BYTES = 16;
    private static final String CONTENT_TYPE = "text/plain; charset=utf8";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String service;
    private final DBusConnection connection;
    private final SecretServiceApi.Collection collection;
    private final DBusPath session;
    private final SecretKeySpec sessionKey;

    private SecretServiceBackend(String service, DBusConnection connection, SecretServiceApi.Collection collection,
                                 DBusPath session, SecretKeySpec sessionKey) {
        this.service = service;
        this.connection = connection;
        this.collection = collection;
        this.session = session;
        this.sessionKey = sessionKey;
    }

    /** Connects to the session bus, opens an encrypted session and unlocks the default collection. */
    static SecretServiceBackend connect(String service, Consumer<AutoCloseable> closeAfterwards) throws Exception {
        DBusConnection connection = DBusConnectionBuilder.forSessionBus().withShared(false).build();
        closeAfterwards.accept(connection);
        SecretServiceApi.Service secrets = connection.getRemoteObject(SecretServiceApi.BUS_NAME,
                SecretServiceApi.SERVICE_PATH, SecretServiceApi.Service.class);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("DH");
        generator.initialize(new DHParameterSpec(DH_PRIME, DH_GENERATOR, 1024));
        KeyPair mine = generator.generateKeyPair();
        byte[] myPublic = ((DHPublicKey) mine.getPublic()).getY().toByteArray();
        Pair<Variant<byte[]>, DBusPath> opened = secrets.openSession(SecretServiceApi.DH_ALGORITHM, new Variant<>(myPublic));
        BigInteger theirPublic = new BigInteger(1, opened.a.getValue());
        KeyAgreement agreement = KeyAgreement.getInstance("DH");
        agreement.init(mine.getPrivate());
        agreement.doPhase(KeyFactory.getInstance("DH").generatePublic(
                new DHPublicKeySpec(theirPublic, DH_PRIME, DH_GENERATOR)), true);
        SecretKeySpec key = new SecretKeySpec(hkdfSha256(agreement.generateSecret(), AES_KEY_BYTES), "AES");

        DBusPath collectionPath = new DBusPath(SecretServiceApi.DEFAULT_COLLECTION);
        Properties properties = connection.getRemoteObject(SecretServiceApi.BUS_NAME,
                SecretServiceApi.DEFAULT_COLLECTION, Properties.class);
        Boolean locked = properties.Get(SecretServiceApi.COLLECTION_INTERFACE, "Locked");
        if (Boolean.TRUE.equals(locked)) {
            Pair<List<DBusPath>, DBusPath> unlocked = secrets.unlock(List.of(collectionPath));
            prompt(connection, unlocked.b, "unlock");
        }
        SecretServiceApi.Collection collection = connection.getRemoteObject(SecretServiceApi.BUS_NAME,
                SecretServiceApi.DEFAULT_COLLECTION, SecretServiceApi.Collection.class);
        return new SecretServiceBackend(service, connection, collection, opened.b, key);
    }

    @Override
    public Optional<String> read(String account) throws Exception {
        Optional<DBusPath> item = find(account);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        SecretServiceApi.Secret secret = remoteItem(item.get()).getSecret(session);
        return Optional.of(decrypt(secret));
    }

    @Override
    public void write(String account, String value) throws Exception {
        Map<String, Variant<?>> properties = new HashMap<>();
        properties.put(SecretServiceApi.ITEM_LABEL, new Variant<>(service + "|" + account));
        properties.put(SecretServiceApi.ITEM_ATTRIBUTES, new Variant<>(attributes(account), "a{ss}"));
        Pair<DBusPath, DBusPath> created = collection.createItem(properties, encrypt(value), true);
        if (SecretServiceApi.NO_PROMPT.equals(created.a.getPath())) {
            prompt(connection, created.b, "store");
        }
    }

    @Override
    public boolean remove(String account) throws Exception {
        Optional<DBusPath> item = find(account);
        if (item.isEmpty()) {
            return false;
        }
        prompt(connection, remoteItem(item.get()).delete(), "delete");
        return true;
    }

    private Optional<DBusPath> find(String account) {
        List<DBusPath> items = collection.searchItems(attributes(account));
        if (items.size() > 1) {
            throw new IllegalStateException(items.size() + " keyring items match service " + service
                    + " and account " + account + "; remove the extra ones");
        }
        return items.stream().findFirst();
    }

    private Map<String, String> attributes(String account) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("service", service);
        attributes.put("account", account);
        return attributes;
    }

    private SecretServiceApi.Item remoteItem(DBusPath path) throws Exception {
        return connection.getRemoteObject(SecretServiceApi.BUS_NAME, path.getPath(), SecretServiceApi.Item.class);
    }

    /** Shows a prompt the keyring asked for and waits for it; the caller's deadline bounds the wait. */
    @SuppressWarnings("try") // the handler registration is only held, to be removed at the end
    private static void prompt(DBusConnection connection, DBusPath prompt, String what) throws Exception {
        if (prompt == null || SecretServiceApi.NO_PROMPT.equals(prompt.getPath())) {
            return;
        }
        CompletableFuture<Completed> completed = new CompletableFuture<>();
        try (AutoCloseable ignored = connection.addSigHandler(Completed.class, signal -> {
            if (prompt.getPath().equals(signal.getPath())) {
                completed.complete(signal);
            }
        })) {
            connection.getRemoteObject(SecretServiceApi.BUS_NAME, prompt.getPath(), SecretServiceApi.Prompt.class)
                    .prompt("");
            if (completed.get().dismissed) {
                throw new IllegalStateException("the keyring's " + what + " prompt was dismissed");
            }
        }
    }

    private SecretServiceApi.Secret encrypt(String value) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, sessionKey, new IvParameterSpec(iv));
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        try {
            return new SecretServiceApi.Secret(session, iv, cipher.doFinal(plain), CONTENT_TYPE);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private String decrypt(SecretServiceApi.Secret secret) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.DECRYPT_MODE, sessionKey, new IvParameterSpec(secret.parameters));
        byte[] plain = cipher.doFinal(secret.value);
        try {
            return new String(plain, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** HKDF-SHA256 (RFC 5869) with no salt and no info, as the Secret Service specification's DH session requires. */
    static byte[] hkdfSha256(byte[] inputKeyMaterial, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] pseudoRandomKey = mac.doFinal(inputKeyMaterial);
        mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
        byte[] block = mac.doFinal(new byte[] {1});
        return Arrays.copyOf(block, length);
    }
}
