package dev.mcpoauth.http;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which IP addresses {@link HttpTransport} may connect to: the defence against a hostile MCP server
 * that names internal addresses (its "authorization server" on 10.0.0.5, a token endpoint on the
 * cloud metadata service) to make the client fetch them for it (server-side request forgery).
 *
 * <p>The rules, applied to every address a host name resolves to, after resolution:
 * <ol>
 *   <li>{@link AddressClass#CLOUD_METADATA}, {@link AddressClass#UNSPECIFIED} and
 *       {@link AddressClass#RESERVED} addresses are never contacted.</li>
 *   <li>{@link AddressClass#PUBLIC} addresses always may be.</li>
 *   <li>Loopback, private and link-local addresses may be contacted when the user allows private
 *       addresses ({@code mcp_oauth_allow_private_addresses = true}); otherwise, once the policy is
 *       anchored at an MCP server ({@link #anchoredAt}), only when that server itself lives there:
 *       a server all of whose addresses are loopback may use loopback, private and link-local
 *       addresses (a local development setup); a server on a private or link-local network may use
 *       addresses of the same class; a server with any public address may use public ones only.</li>
 *   <li>A policy not anchored at any server applies rule 1 only (a {@code TokenClient} or
 *       {@code ClientRegistrar} used on its own, with endpoints the caller chose).</li>
 * </ol>
 *
 * <pre>{@code
 * AddressPolicy policy = AddressPolicy.DEFAULT
 *         .anchoredAt(URI.create("https://mcp.example.com/mcp"), List.of(InetAddress.getByName("93.184.216.34")));
 * policy.check(URI.create("http://10.0.0.5/token"), InetAddress.getByName("10.0.0.5")); // throws address_refused
 * }</pre>
 *
 * <p>Related: MCP authorization (2026-07-28) "Security Considerations" (SSRF); OWASP SSRF
 * prevention; RFC 6890.
 */
public final class AddressPolicy {
    /** Classes no request ever goes to. */
    private static final Set<AddressClass> NEVER =
            EnumSet.of(AddressClass.CLOUD_METADATA, AddressClass.UNSPECIFIED, AddressClass.RESERVED);

    /** Private addresses not allowed, not anchored: only rule 1 applies until {@link #anchoredAt}. */
    public static final AddressPolicy DEFAULT = new AddressPolicy(false, null, null);

    private final boolean allowPrivate;
    private final URI server;
    private final Set<AddressClass> serverClasses;

    private AddressPolicy(boolean allowPrivate, URI server, Set<AddressClass> serverClasses) {
        this.allowPrivate = allowPrivate;
        this.server = server;
        this.serverClasses = serverClasses;
    }

    /** A copy that allows (or not) loopback, private and link-local addresses whatever the server. */
    public AddressPolicy allowPrivateAddresses(boolean allow) {
        return new AddressPolicy(allow, server, serverClasses);
    }

    public boolean allowsPrivateAddresses() {
        return allowPrivate;
    }

    /**
     * A copy anchored at an MCP server: its addresses decide which non-public classes its discovery
     * and token calls may reach.
     *
     * @param serverUrl       the MCP server URL, named in refusals
     * @param serverAddresses every address its host resolved to (at least one)
     */
    public AddressPolicy anchoredAt(URI serverUrl, Collection<InetAddress> serverAddresses) {
        Objects.requireNonNull(serverUrl, "serverUrl");
        if (serverAddresses.isEmpty()) {
            throw new IllegalArgumentException("serverAddresses is empty");
        }
        Set<AddressClass> classes = EnumSet.noneOf(AddressClass.class);
        serverAddresses.forEach(address -> classes.add(AddressClass.of(address)));
        return new AddressPolicy(allowPrivate, serverUrl, Set.copyOf(classes));
    }

    /** The MCP server this policy is anchored at, or {@code null}. */
    public URI server() {
        return server;
    }

    /** Whether a connection to {@code address} is allowed. */
    public boolean allows(InetAddress address) {
        return allows(AddressClass.of(address));
    }

    /** Whether addresses of this class are allowed. */
    public boolean allows(AddressClass addressClass) {
        if (NEVER.contains(addressClass)) {
            return false;
        }
        if (addressClass == AddressClass.PUBLIC || allowPrivate || serverClasses == null) {
            return true;
        }
        if (serverClasses.equals(Set.of(AddressClass.LOOPBACK))) {
            return true;
        }
        return !serverClasses.contains(AddressClass.PUBLIC) && serverClasses.contains(addressClass);
    }

    /**
     * Refuses an address this policy does not allow.
     *
     * @param target  the URL being requested (for the message)
     * @param address one address its host resolved to
     * @throws McpOAuthException {@link ErrorCode#ADDRESS_REFUSED} naming the URL, the address, its
     *     class and the rule
     */
    public void check(URI target, InetAddress address) {
        AddressClass addressClass = AddressClass.of(address);
        if (allows(addressClass)) {
            return;
        }
        String where = "`" + HttpTransport.originOf(target) + "` resolves to " + address.getHostAddress() + ", "
                + addressClass.description();
        if (NEVER.contains(addressClass)) {
            throw new McpOAuthException(ErrorCode.ADDRESS_REFUSED, where + ", which mcp-oauth never contacts",
                    "A server that points the client there is hostile or misconfigured; do not log in to it.", null);
        }
        throw new McpOAuthException(ErrorCode.ADDRESS_REFUSED, where + "; the MCP server `" + server + "` is "
                + describeServer() + ", so its discovery and token requests may not go to " + addressClass.description()
                + " (server-side request forgery protection)");
    }

    private String describeServer() {
        if (serverClasses.contains(AddressClass.PUBLIC)) {
            return "on a public address";
        }
        return "on " + serverClasses.stream().map(AddressClass::description).sorted()
                .reduce((a, b) -> a + " and " + b).orElse("an unknown address");
    }

    @Override
    public String toString() {
        return "AddressPolicy[allowPrivate=" + allowPrivate + ", server=" + server + ", serverClasses=" + serverClasses + "]";
    }
}
