package dev.mcpoauth.discovery;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.mcpoauth.http.HttpResult;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Discovery results kept between logins, so that a second login to a server (or to another server
 * of the same authorization server) sends no discovery request at all while the metadata is fresh.
 *
 * <p>Two kinds of entries, each with its own expiry:
 * <ul>
 *   <li><b>per MCP server</b> (and configured {@code oauth_resource}): its protected resource
 *       metadata, the issuer chosen from it and the challenge's scopes. Fresh for as long as the
 *       protected resource metadata response allows (RFC 9728 document, {@code Cache-Control});
 *       while fresh, the unauthenticated probe and the metadata request are skipped;</li>
 *   <li><b>per issuer</b>: its authorization server metadata, fresh for as long as that response
 *       allows (RFC 8414 document, {@code Cache-Control}).</li>
 * </ul>
 * A response's lifetime comes from {@code Cache-Control} ({@code max-age}; {@code no-store} and
 * {@code no-cache} keep it out of the cache), else the heuristic default, and never exceeds the
 * bound (default 10 minutes and 1 hour). Only successful discoveries are stored; a failed
 * discovery, and a failed login that used an entry, drop the entries involved
 * ({@link dev.mcpoauth.login.LoginFlow} does the latter). The cache is in memory (and, with
 * {@link Builder#file}, in a file, so the next process starts warm), safe to share between
 * threads, and holds at most {@code maxEntries} entries of each kind (the soonest to expire go
 * first).
 *
 * <pre>{@code
 * DiscoveryCache cache = DiscoveryCache.builder().maxTtl(Duration.ofMinutes(30)).build();
 * AuthorizationDiscovery discovery = AuthorizationDiscovery.builder(HttpTransport.defaults())
 *         .cache(cache)
 *         .build();
 * discovery.discover(serverUrl);   // probe, metadata requests
 * discovery.discover(serverUrl);   // no request while the metadata is fresh
 * cache.invalidate(serverUrl);     // e.g. after the server answered with a new challenge
 * }</pre>
 *
 * <p>Related specifications: RFC 9111 §4.2 and §5.2.2 (freshness, {@code Cache-Control}); RFC 9728;
 * RFC 8414.
 */
public final class DiscoveryCache {
    /** Lifetime of a metadata response without {@code max-age}. */
    public static final Duration DEFAULT_HEURISTIC_TTL = Duration.ofMinutes(10);
    /** The longest any entry is kept, whatever {@code Cache-Control} says. */
    public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(1);
    /** Entries of each kind kept at most, by default. */
    public static final int DEFAULT_MAX_ENTRIES = 256;

    private final Clock clock;
    private final Duration heuristicTtl;
    private final Duration maxTtl;
    private final int maxEntries;
    private final Map<ServerKey, ServerEntry> servers = new ConcurrentHashMap<>();
    private final Map<IssuerKey, IssuerEntry> issuers = new ConcurrentHashMap<>();
    /** The file behind the cache, or null for memory only. */
    private final DiscoveryCacheFile file;

    private DiscoveryCache(Builder b) {
        this.clock = b.clock;
        this.heuristicTtl = b.heuristicTtl;
        this.maxTtl = b.maxTtl;
        this.maxEntries = b.maxEntries;
        this.file = b.file == null ? null : new DiscoveryCacheFile(b.file);
        if (file != null) {
            file.load(clock.instant(), servers, issuers);
        }
    }

    /** Writes the entries to the file, when there is one (synchronized: one writer per cache at a time). */
    private synchronized void persist() {
        if (file != null) {
            file.save(servers, issuers);
        }
    }

    /** A cache with the default lifetimes and size. */
    public static DiscoveryCache create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Drops what is cached about {@code serverUrl} (for every configured resource); its issuer's entry stays. */
    public void invalidate(URI serverUrl) {
        String url = serverUrl.toString();
        if (servers.keySet().removeIf(key -> key.serverUrl().equals(url))) {
            persist();
        }
    }

    /** Drops the authorization server metadata of {@code issuer}, and every server entry that names it. */
    public void invalidateIssuer(String issuer) {
        boolean removed = issuers.keySet().removeIf(key -> key.issuer().equals(issuer));
        removed |= servers.values().removeIf(entry -> issuer.equals(entry.issuer()));
        if (removed) {
            persist();
        }
    }

    /** Drops everything. */
    public void clear() {
        servers.clear();
        issuers.clear();
        persist();
    }

    /** The number of entries, fresh or not yet swept, of both kinds. */
    public int size() {
        return servers.size() + issuers.size();
    }

    // ---- used by AuthorizationDiscovery ----

    Instant now() {
        return clock.instant();
    }

    /** When a response fetched now stops being fresh; {@code now} itself when it must not be stored. */
    Instant expiry(HttpResult result) {
        return clock.instant().plus(CacheControl.freshness(result, heuristicTtl, maxTtl));
    }

    /** The heuristic lifetime from now, for results not tied to one response. */
    Instant heuristicExpiry() {
        return clock.instant().plus(heuristicTtl.compareTo(maxTtl) > 0 ? maxTtl : heuristicTtl);
    }

    ServerEntry server(URI serverUrl, String expectedResource) {
        ServerKey key = new ServerKey(serverUrl.toString(), expectedResource);
        ServerEntry entry = servers.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            servers.remove(key, entry);
            return null;
        }
        return entry;
    }

    void putServer(URI serverUrl, String expectedResource, ServerEntry entry) {
        if (!clock.instant().isBefore(entry.expires())) {
            return;
        }
        servers.put(new ServerKey(serverUrl.toString(), expectedResource), entry);
        trim(servers, ServerEntry::expires);
        persist();
    }

    IssuerEntry issuer(String issuer, boolean legacy) {
        IssuerKey key = new IssuerKey(issuer, legacy);
        IssuerEntry entry = issuers.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            issuers.remove(key, entry);
            return null;
        }
        return entry;
    }

    void putIssuer(String issuer, boolean legacy, IssuerEntry entry) {
        if (!clock.instant().isBefore(entry.expires())) {
            return;
        }
        issuers.put(new IssuerKey(issuer, legacy), entry);
        trim(issuers, IssuerEntry::expires);
        persist();
    }

    private <K, V> void trim(Map<K, V> map, java.util.function.Function<V, Instant> expires) {
        if (map.size() <= maxEntries) {
            return;
        }
        Instant now = clock.instant();
        map.values().removeIf(v -> !now.isBefore(expires.apply(v)));
        while (map.size() > maxEntries) {
            map.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<K, V> e) -> expires.apply(e.getValue())))
                    .ifPresent(e -> map.remove(e.getKey(), e.getValue()));
        }
    }

    record ServerKey(String serverUrl, String expectedResource) {
    }

    record IssuerKey(String issuer, boolean legacy) {
    }

    /**
     * What discovery learnt about one MCP server before it reached the authorization server.
     *
     * @param prmUrl          where the protected resource metadata came from; null for a 2025-03-26 server
     * @param prm             the protected resource metadata; null for a 2025-03-26 server
     * @param issuer          the issuer chosen (for a 2025-03-26 server, its origin)
     * @param challengeScopes the challenge's scopes
     * @param source          how the authorization server was found
     * @param defaults        for {@link ServerAuthorization.Source#LEGACY_DEFAULT_ENDPOINTS} only, the
     *                        synthesized result
     * @param expires         when the entry stops being fresh
     */
    record ServerEntry(URI prmUrl, ProtectedResourceMetadata prm, String issuer, List<String> challengeScopes,
                       ServerAuthorization.Source source, ServerAuthorization defaults, Instant expires) {
    }

    /**
     * Authorization server metadata, issuer already checked.
     *
     * @param url          where it came from
     * @param metadata     the parsed document
     * @param statedIssuer the {@code issuer} member as the document states it
     * @param expires      when the entry stops being fresh
     */
    record IssuerEntry(URI url, AuthorizationServerMetadata metadata, String statedIssuer, Instant expires) {
    }

    /** Builds a {@link DiscoveryCache}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration heuristicTtl = DEFAULT_HEURISTIC_TTL;
        private Duration maxTtl = DEFAULT_MAX_TTL;
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private java.nio.file.Path file;

        private Builder() {
        }

        /**
         * Also keep the entries in {@code file}, loaded now and rewritten on every change, so
         * another process (the next CLI command) starts warm. The file holds public metadata only;
         * it is written atomically with mode 0600, and one that cannot be read is ignored.
         */
        public Builder file(java.nio.file.Path file) {
            this.file = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Lifetime of a response without {@code max-age} (default 10 minutes); zero keeps such responses out. */
        public Builder heuristicTtl(Duration ttl) {
            this.heuristicTtl = nonNegative(ttl, "heuristicTtl");
            return this;
        }

        /** The longest an entry is kept (default 1 hour); zero disables the cache. */
        public Builder maxTtl(Duration ttl) {
            this.maxTtl = nonNegative(ttl, "maxTtl");
            return this;
        }

        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        public DiscoveryCache build() {
            return new DiscoveryCache(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, not " + d);
            }
            return d;
        }
    }
}
