package dev.mcpoauth.keyring;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;
import org.freedesktop.secret.Pair;

/**
 * The parts of the freedesktop Secret Service D-Bus API (specification 0.2) that the store uses,
 * as dbus-java remote interfaces: errors arrive as exceptions and a missing reply as a timeout,
 * never as an empty result.
 */
final class SecretServiceApi {
    static final String BUS_NAME = "org.freedesktop.secrets";
    static final String SERVICE_PATH = "/org/freedesktop/secrets";
    /** The default collection, as libsecret's {@code secret-tool} and java-keyring use it. */
    static final String DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default";
    static final String COLLECTION_INTERFACE = "org.freedesktop.Secret.Collection";
    static final String ITEM_LABEL = "org.freedesktop.Secret.Item.Label";
    static final String ITEM_ATTRIBUTES = "org.freedesktop.Secret.Item.Attributes";
    /** Session algorithm: Diffie-Hellman (RFC 2409 group 2), HKDF-SHA256, AES-128-CBC. */
    static final String DH_ALGORITHM = "dh-ietf1024-sha256-aes128-cbc-pkcs7";
    /** What a call answers instead of an object path when no prompt is needed. */
    static final String NO_PROMPT = "/";

    private SecretServiceApi() {
    }

    /** A secret on the wire: {@code (oayays)} session, parameters (the AES IV), value, content type. */
    public static final class Secret extends Struct {
        @Position(0)
        public final DBusPath session;
        @Position(1)
        public final byte[] parameters;
        @Position(2)
        public final byte[] value;
        @Position(3)
        public final String contentType;

        public Secret(DBusPath session, byte[] parameters, byte[] value, String contentType) {
            this.session = session;
            this.parameters = parameters;
            this.value = value;
            this.contentType = contentType;
        }
    }

    @DBusInterfaceName("org.freedesktop.Secret.Service")
    public interface Service extends DBusInterface {
        @DBusMemberName("OpenSession")
        Pair<Variant<byte[]>, DBusPath> openSession(String algorithm, Variant<?> input);

        @DBusMemberName("Unlock")
        Pair<List<DBusPath>, DBusPath> unlock(List<DBusPath> objects);
    }

    @DBusInterfaceName("org.freedesktop.Secret.Collection")
    public interface Collection extends DBusInterface {
        @DBusMemberName("SearchItems")
        List<DBusPath> searchItems(Map<String, String> attributes);

        @DBusMemberName("CreateItem")
        Pair<DBusPath, DBusPath> createItem(Map<String, Variant<?>> properties, Secret secret, boolean replace);
    }

    @DBusInterfaceName("org.freedesktop.Secret.Item")
    public interface Item extends DBusInterface {
        @DBusMemberName("GetSecret")
        Secret getSecret(DBusPath session);

        @DBusMemberName("Delete")
        DBusPath delete();
    }

    @DBusInterfaceName("org.freedesktop.Secret.Prompt")
    public interface Prompt extends DBusInterface {
        @DBusMemberName("Prompt")
        void prompt(String windowId);
    }
}
