package dev.mcpoauth.registration;

import dev.mcpoauth.internal.Urls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients registered dynamically (RFC 7591), kept per issuer and redirect URI so that the next login
 * with the same redirect URI at the same authorization server reuses the registration instead of
 * registering again. A registration is bound to its issuer (MCP authorization, "Client
 * Registration"): another issuer never sees it.
 *
 * <p>An entry is used until it is {@linkplain #invalidate(String, String) invalidated} (a
 * {@link dev.mcpoauth.login.LoginFlow} does so when a login that used it fails), until its
 * {@code client_secret} is about to expire ({@code client_secret_expires_at}), or until it is older
 * than the maximum age (default 24 hours), since authorization servers may delete registrations
 * they consider unused. In memory, safe to share between threads.
 *
 * <p>A loopback redirect URI names a port. So that a new login can ask for the same redirect URI,
 * {@link #loopbackPort(String, String)} tells which port a cached registration used; the caller
 * tries to listen there and registers again only when it cannot (RFC 8252 §7.3 lets servers accept
 * any port, but many compare redirect URIs exactly).
 *
 * <pre>{@code
 * RegistrationCache registrations = RegistrationCache.create();
 * ClientRegistrar registrar = new ClientRegistrar(http, registrations);
 * registrar.resolve(request);   // registers (one POST to the registration endpoint)
 * registrar.resolve(request);   // same issuer and redirect URI: no request
 * }</pre>
 */
public final class RegistrationCache {
    /** How long a registration is reused at most, by default. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    /** A registration whose secret expires sooner than this is not reused. */
    static final Duration SECRET_MARGIN = Duration.ofMinutes(1);

    private final Clock clock;
    private final Duration maxAge;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    private RegistrationCache(Clock clock, Duration maxAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, not " + maxAge);
        }
    }

    /** A cache keeping registrations for {@link #DEFAULT_MAX_AGE}. */
    public static RegistrationCache create() {
        return new RegistrationCache(Clock.systemUTC(), DEFAULT_MAX_AGE);
    }

    /** A cache keeping registrations for at most {@code maxAge}; zero keeps none. */
    public static RegistrationCache create(Clock clock, Duration maxAge) {
        return new RegistrationCache(clock, maxAge);
    }

    /** The registration made at {@code issuer} for exactly {@code redirectUri}, when still usable. */
    public Optional<DynamicallyRegistered> find(String issuer, String redirectUri) {
        Key key = new Key(issuer, redirectUri);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!usable(entry)) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.client());
    }

    /** Keeps {@code client} for its issuer and each of its redirect URIs. */
    public void put(DynamicallyRegistered client) {
        Objects.requireNonNull(client, "client");
        if (maxAge.isZero()) {
            return;
        }
        Entry entry = new Entry(client, clock.instant());
        for (String redirectUri : client.redirectUris()) {
            entries.put(new Key(client.issuer(), redirectUri), entry);
        }
    }

    /**
     * The port of a usable cached registration at {@code issuer} whose redirect URI is
     * {@code http://127.0.0.1:PORT} or {@code http://localhost:PORT} followed by {@code path}.
     */
    public OptionalInt loopbackPort(String issuer, String path) {
        Objects.requireNonNull(issuer, "issuer");
        return loopbackPort(issuer, path, true);
    }

    /**
     * The port of a usable cached loopback registration at any issuer for {@code path}: a callback
     * path belongs to one MCP server, so this is the port its last registration used, known before
     * discovery says which issuer the server uses now.
     */
    public OptionalInt loopbackPort(String path) {
        return loopbackPort(null, path, false);
    }

    private OptionalInt loopbackPort(String issuer, String path, boolean sameIssuer) {
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            if ((sameIssuer && !e.getKey().issuer().equals(issuer)) || !usable(e.getValue())) {
                continue;
            }
            try {
                URI uri = URI.create(e.getKey().redirectUri());
                if ("http".equalsIgnoreCase(uri.getScheme()) && Urls.isLoopbackHost(uri.getHost())
                        && uri.getPort() > 0 && path.equals(uri.getRawPath()) && uri.getRawQuery() == null) {
                    return OptionalInt.of(uri.getPort());
                }
            } catch (IllegalArgumentException notAUri) {
                // Not a redirect URI we can listen on.
            }
        }
        return OptionalInt.empty();
    }

    /** Forgets the registration for {@code issuer} and {@code redirectUri}. */
    public void invalidate(String issuer, String redirectUri) {
        Entry entry = entries.remove(new Key(issuer, redirectUri));
        if (entry != null) {
            entries.values().removeIf(other -> other == entry);
        }
    }

    /** Forgets every registration at {@code issuer}. */
    public void invalidateIssuer(String issuer) {
        entries.keySet().removeIf(key -> key.issuer().equals(issuer));
    }

    /** The number of (issuer, redirect URI) entries. */
    public int size() {
        return entries.size();
    }

    private boolean usable(Entry entry) {
        Instant now = clock.instant();
        return now.isBefore(entry.storedAt().plus(maxAge)) && !entry.client().secretExpired(now.plus(SECRET_MARGIN));
    }

    private record Key(String issuer, String redirectUri) {
    }

    private record Entry(DynamicallyRegistered client, Instant storedAt) {
    }
}
