package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeport.api.consent.ConsentState;
import org.junit.jupiter.api.Test;

class ConsentStateCacheTest {

    @Test
    void loadsOnceAndRemembersThatThereIsNoRecord() {
        ConsentStateCache<ConsentState> cache = new ConsentStateCache<ConsentState>(100, 4);
        AtomicInteger loads = new AtomicInteger();

        for (int i = 0; i < 3; i++) {
            assertThat(cache.get("k", () -> {
                loads.incrementAndGet();
                return Optional.empty();
            })).isEmpty();
        }

        assertThat(loads).hasValue(1);
    }

    @Test
    void staysWithinItsCapacity() {
        ConsentStateCache<ConsentState> cache = new ConsentStateCache<ConsentState>(64, 4);
        for (int i = 0; i < 10_000; i++) {
            cache.get("subject-" + i, () -> Optional.of(ConsentState.GRANTED));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(64);
    }

    @Test
    void staysWithinItsByteBudgetWhenKeysAreLong() {
        long budget = 256 * 1024;
        ConsentStateCache<ConsentState> cache = new ConsentStateCache<ConsentState>(1_000_000, budget, 4);
        String longSubject = "s".repeat(250);
        for (int i = 0; i < 10_000; i++) {
            cache.get(ConsentStateCache.key("acme", longSubject + i, "crash-reports"), () -> Optional.of(ConsentState.DENIED));
        }

        assertThat(cache.bytes()).isPositive().isLessThanOrEqualTo(budget);
        assertThat(cache.size()).isLessThan(10_000).isGreaterThan(100);
    }

    @Test
    void theByteEstimateGrowsWithTheKeyAndCountsTwoByteCharactersTwice() {
        String ascii = ConsentStateCache.key("acme", "a".repeat(100), "p");
        String wide = ConsentStateCache.key("acme", "\u0101".repeat(100), "p");

        assertThat(ConsentStateCache.estimatedBytes(ascii)).isGreaterThan(ConsentStateCache.estimatedBytes("x") + 100);
        assertThat(ConsentStateCache.estimatedBytes(wide)).isGreaterThanOrEqualTo(ConsentStateCache.estimatedBytes(ascii) + 100);
    }

    @Test
    void invalidatingReleasesTheEntrysBytes() {
        ConsentStateCache<ConsentState> cache = new ConsentStateCache<ConsentState>(100, 1024 * 1024, 1);
        cache.get("k", () -> Optional.of(ConsentState.GRANTED));
        assertThat(cache.bytes()).isEqualTo(ConsentStateCache.estimatedBytes("k"));

        cache.invalidate("k");

        assertThat(cache.bytes()).isZero();
    }

    @Test
    void anInvalidationDuringALoadKeepsTheLoadedValueOutOfTheCache() {
        ConsentStateCache<ConsentState> cache = new ConsentStateCache<ConsentState>(100, 1);
        // The load read GRANTED from the store; meanwhile a withdrawal committed and invalidated.
        Optional<ConsentState> loaded = cache.get("k", () -> {
            cache.invalidate("k");
            return Optional.of(ConsentState.GRANTED);
        });
        assertThat(loaded).contains(ConsentState.GRANTED);

        Optional<ConsentState> next = cache.get("k", () -> Optional.of(ConsentState.WITHDRAWN));

        assertThat(next).contains(ConsentState.WITHDRAWN);
    }

    @Test
    void invalidationMakesTheNextLookupReadAgain() {
        ConsentStateCache<ConsentState> cache = new ConsentStateCache<ConsentState>(100, 4);
        cache.get("k", () -> Optional.of(ConsentState.GRANTED));
        cache.invalidate("k");
        assertThat(cache.get("k", () -> Optional.of(ConsentState.WITHDRAWN))).contains(ConsentState.WITHDRAWN);
    }
}
