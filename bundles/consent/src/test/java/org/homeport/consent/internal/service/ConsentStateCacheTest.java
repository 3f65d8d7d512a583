package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeport.api.consent.ConsentState;
import org.junit.jupiter.api.Test;

class ConsentStateCacheTest {

    @Test
    void loadsOnceAndRemembersThatThereIsNoRecord() {
        ConsentStateCache cache = new ConsentStateCache(100, 4);
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
        ConsentStateCache cache = new ConsentStateCache(64, 4);
        for (int i = 0; i < 10_000; i++) {
            cache.get("subject-" + i, () -> Optional.of(ConsentState.GRANTED));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(64);
    }

    @Test
    void anInvalidationDuringALoadKeepsTheLoadedValueOutOfTheCache() {
        ConsentStateCache cache = new ConsentStateCache(100, 1);
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
        ConsentStateCache cache = new ConsentStateCache(100, 4);
        cache.get("k", () -> Optional.of(ConsentState.GRANTED));
        cache.invalidate("k");
        assertThat(cache.get("k", () -> Optional.of(ConsentState.WITHDRAWN))).contains(ConsentState.WITHDRAWN);
    }
}
