package dev.mcpoauth.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationCacheTest {
    private static final String ISSUER = "https://auth.example.com";
    private static final String REDIRECT = "http://127.0.0.1:43123/callback/8t06V3nLEwB8";
    private final Instant now = Instant.parse("2026-11-26T12:00:00Z");

    private RegistrationCache cacheAt(Instant instant) {
        return RegistrationCache.create(Clock.fixed(instant, ZoneOffset.UTC), Duration.ofHours(24));
    }

    private static DynamicallyRegistered client(String issuer, String redirect, Instant secretExpiresAt) {
        return new DynamicallyRegistered("client-1", secretExpiresAt == null ? null : new Secret("s3cret"),
                secretExpiresAt == null ? ClientAuthenticationMethod.NONE : ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                issuer, List.of(redirect), secretExpiresAt);
    }

    @Test
    void findsARegistrationByIssuerAndExactRedirectUriOnly() {
        RegistrationCache cache = cacheAt(now);
        cache.put(client(ISSUER, REDIRECT, null));

        assertThat(cache.find(ISSUER, REDIRECT)).map(DynamicallyRegistered::clientId).contains("client-1");
        assertThat(cache.find("https://other.example.com", REDIRECT)).isEmpty();
        assertThat(cache.find(ISSUER, "http://127.0.0.1:43124/callback/8t06V3nLEwB8")).isEmpty();
    }

    @Test
    void tellsThePortOfALoopbackRegistrationForTheSameCallbackPath() {
        RegistrationCache cache = cacheAt(now);
        cache.put(client(ISSUER, REDIRECT, null));

        assertThat(cache.loopbackPort(ISSUER, "/callback/8t06V3nLEwB8")).hasValue(43123);
        assertThat(cache.loopbackPort(ISSUER, "/callback/another")).isEmpty();
        assertThat(cache.loopbackPort("https://other.example.com", "/callback/8t06V3nLEwB8")).isEmpty();
    }

    @Test
    void doesNotReuseARegistrationWhoseSecretIsAboutToExpire() {
        RegistrationCache cache = cacheAt(now);
        cache.put(client(ISSUER, REDIRECT, now.plusSeconds(30)));

        assertThat(cache.find(ISSUER, REDIRECT)).isEmpty();
        assertThat(cache.loopbackPort(ISSUER, "/callback/8t06V3nLEwB8")).isEmpty();
    }

    @Test
    void doesNotReuseARegistrationOlderThanTheMaximumAge() {
        RegistrationCache writer = RegistrationCache.create(Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(24));
        writer.put(client(ISSUER, REDIRECT, null));
        assertThat(writer.find(ISSUER, REDIRECT)).isPresent();

        RegistrationCache shortLived = RegistrationCache.create(Clock.fixed(now, ZoneOffset.UTC), Duration.ZERO);
        shortLived.put(client(ISSUER, REDIRECT, null));
        assertThat(shortLived.find(ISSUER, REDIRECT)).isEmpty();
    }

    @Test
    void invalidationForgetsTheRegistration() {
        RegistrationCache cache = cacheAt(now);
        cache.put(client(ISSUER, REDIRECT, null));
        cache.invalidate(ISSUER, REDIRECT);
        assertThat(cache.size()).isZero();

        cache.put(client(ISSUER, REDIRECT, null));
        cache.invalidateIssuer(ISSUER);
        assertThat(cache.find(ISSUER, REDIRECT)).isEmpty();
    }
}
