package org.homeport.security.internal.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.homeport.api.auth.DevicePrincipal;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(Clock.fixed(NOW, ZoneOffset.UTC));
    private final String key = ApiKeys.generate(new SecureRandom());

    private ApiKeyConfiguration.Entry entry(Instant expires, boolean enabled, Set<String> purposes) {
        return new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(key), purposes, expires, enabled);
    }

    @Test
    void knownKeyAuthenticatesAsItsTenantWithItsPurposes() {
        authenticator.index(List.of(entry(null, true, Set.of("usage-metering"))));

        assertThat(authenticator.authenticateApiKey(key))
                .contains(new DevicePrincipal("acme", "fleet", Set.of("usage-metering")));
    }

    @Test
    void unknownRevokedAndExpiredKeysAreRefused() {
        authenticator.index(List.of(entry(null, true, Set.of())));
        assertThat(authenticator.authenticateApiKey(key + "x")).isEmpty();
        assertThat(authenticator.authenticateApiKey("")).isEmpty();
        assertThat(authenticator.authenticateApiKey(null)).isEmpty();

        authenticator.index(List.of(entry(null, false, Set.of())));
        assertThat(authenticator.authenticateApiKey(key)).isEmpty();

        authenticator.index(List.of(entry(NOW, true, Set.of())));
        assertThat(authenticator.authenticateApiKey(key)).isEmpty();

        authenticator.index(List.of(entry(NOW.plusSeconds(1), true, Set.of())));
        assertThat(authenticator.authenticateApiKey(key)).isPresent();
    }

    @Test
    void generatedKeysAreLongRandomAndPrefixed() {
        String other = ApiKeys.generate(new SecureRandom());
        assertThat(key).startsWith("hp_").hasSize(31).isNotEqualTo(other);
        assertThat(ApiKeys.hash(key)).matches("[0-9a-f]{64}");
    }

    @Test
    void rotatedKeyKeepsWorkingUntilTheOverlapEndsAndTheNewOneWorksAtOnce() {
        String next = ApiKeys.generate(new SecureRandom());
        authenticator.index(List.of(new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(next), Set.of(), null, true,
                ApiKeys.hash(key), NOW.plusSeconds(60))));

        assertThat(authenticator.authenticateApiKey(next)).isPresent();
        assertThat(authenticator.authenticateApiKey(key)).isPresent();

        authenticator.index(List.of(new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(next), Set.of(), null, true,
                ApiKeys.hash(key), NOW)));
        assertThat(authenticator.authenticateApiKey(key)).isEmpty();
        assertThat(authenticator.authenticateApiKey(next)).isPresent();
    }

    @Test
    void revokingAlsoEndsTheOverlapOfTheOldKey() {
        String next = ApiKeys.generate(new SecureRandom());
        authenticator.index(List.of(new ApiKeyConfiguration.Entry("fleet", "acme", ApiKeys.hash(next), Set.of(), null, false,
                ApiKeys.hash(key), NOW.plusSeconds(60))));

        assertThat(authenticator.authenticateApiKey(key)).isEmpty();
        assertThat(authenticator.authenticateApiKey(next)).isEmpty();
    }

    @Test
    void successfulUseIsRecordedAsLastUsed() {
        authenticator.index(List.of(entry(null, true, Set.of())));
        assertThat(authenticator.lastUsed("fleet")).isEmpty();

        authenticator.authenticateApiKey(key);

        assertThat(authenticator.lastUsed("fleet")).contains(NOW);
    }
}
