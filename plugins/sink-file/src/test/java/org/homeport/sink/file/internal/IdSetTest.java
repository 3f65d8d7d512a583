package org.homeport.sink.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdSetTest {

    @Test
    void holdsExactlyThePairsAddedAcrossTableGrowthAndChunks() {
        IdSet set = new IdSet(42L);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String id = i % 7 == 0 ? "Grüße-€-" + i : UUID.randomUUID().toString();
            ids.add(id);
            assertThat(set.contains("acme", id)).isFalse();
            assertThat(set.add("acme", id)).isTrue();
        }

        assertThat(set.size()).isEqualTo(50_000);
        assertThat(ids).allMatch(id -> set.contains("acme", id));
        assertThat(ids).noneMatch(id -> set.contains("globex", id));
        assertThat(ids).noneMatch(id -> set.contains("acme", id + "x"));
        assertThat(ids).noneMatch(id -> set.contains("acme", id.substring(1)));
    }

    @Test
    void tellsTenantAndIdApartWhereverTheyJoin() {
        IdSet set = new IdSet(7L);
        set.add("ab", "c");

        assertThat(set.contains("ab", "c")).isTrue();
        assertThat(set.contains("a", "bc")).isFalse();
        assertThat(set.contains("abc", "")).isFalse();
        assertThat(set.contains("", "abc")).isFalse();
    }

    @Test
    void keepsIdsLongerThanAChunk() {
        IdSet set = new IdSet(1L);
        String longId = "x".repeat(200_000);
        set.add("acme", "short");

        assertThat(set.add("acme", longId)).isTrue();
        assertThat(set.add("acme", "after")).isTrue();

        assertThat(set.contains("acme", longId)).isTrue();
        assertThat(set.contains("acme", longId.substring(1) + "y")).isFalse();
        assertThat(set.contains("acme", "short")).isTrue();
        assertThat(set.contains("acme", "after")).isTrue();
    }

    @Test
    void idsCraftedToCollideAreComparedExactlyAndCostABoundedProbe() {
        IdSet set = new IdSet((tenant, id) -> 0L);
        for (int i = 0; i < IdSet.MAX_PROBE; i++) {
            assertThat(set.add("acme", "id-" + i)).isTrue();
        }

        assertThat(set.contains("acme", "id-63")).isTrue();
        assertThat(set.contains("acme", "id-64")).isFalse();
        assertThat(set.add("acme", "id-64")).as("no free slot within the probe: not remembered").isFalse();
        assertThat(set.contains("acme", "id-64")).isFalse();
        assertThat(set.size()).isLessThanOrEqualTo(IdSet.MAX_PROBE);
    }
}
