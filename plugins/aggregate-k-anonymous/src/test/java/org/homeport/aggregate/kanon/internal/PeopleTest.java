package org.homeport.aggregate.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeopleTest {

    @Test
    void countsExactlyUpToTheLimitWhateverTheHashesIncludingZero() {
        People people = new People(32);
        for (long hash = 0; hash < 32; hash++) {
            people.add(hash);
            people.add(hash);
        }
        assertThat(people.count()).isEqualTo(32);
        assertThat(people.estimated()).isFalse();
        assertThat(people.hashes()).hasSize(32).contains(0L, 31L);

        people.add(32);
        assertThat(people.estimated()).isTrue();
        assertThat(people.count()).isGreaterThanOrEqualTo(33);
        assertThat(people.hashes()).isNull();
    }

    @Test
    void theSketchEstimatesWithinFourStandardErrorsAtEverySize() {
        SplittableRandom random = new SplittableRandom(42);
        for (int n : new int[] {100, 1_000, 10_000, 100_000}) {
            People people = new People(32);
            for (int i = 0; i < n; i++) {
                people.add(random.nextLong());
            }
            assertThat((double) people.count()).as("n = %d", n).isBetween(n * (1 - 4 * 0.065), n * (1 + 4 * 0.065));
        }
    }

    @Test
    void mergingCountsTheUnionExactlyAndSketchedAlike() {
        People left = new People(32);
        People right = new People(32);
        for (long hash = 1; hash <= 20; hash++) {
            left.add(hash * 0x9E3779B97F4A7C15L);
            right.add((hash + 10) * 0x9E3779B97F4A7C15L);
        }
        People union = new People(32);
        union.addAll(left);
        union.addAll(right);
        assertThat(union.count()).isEqualTo(30);

        People all = new People(32);
        SplittableRandom random = new SplittableRandom(7);
        People first = new People(32);
        People second = new People(32);
        for (int i = 0; i < 5_000; i++) {
            long hash = random.nextLong();
            all.add(hash);
            (i % 2 == 0 ? first : second).add(hash);
        }
        first.addAll(second);
        assertThat(first.registers()).isEqualTo(all.registers());
        assertThat(People.ofRegisters(32, all.registers())).isEqualTo(all);
    }

    @Test
    void theWorstCaseCoversTheLargerFormAtEveryLimit() {
        assertThat(People.worstCaseBytes(32)).isGreaterThanOrEqualTo(8 * 64 + 16).isLessThan(700);
        assertThat(People.worstCaseBytes(33)).isGreaterThanOrEqualTo(8 * 128 + 16);
        assertThat(People.worstCaseBytes(2)).isGreaterThanOrEqualTo(People.REGISTERS + 16);
    }
}
