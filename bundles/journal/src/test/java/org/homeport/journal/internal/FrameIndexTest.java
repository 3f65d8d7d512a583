package org.homeport.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameIndexTest {

    @Test
    void notesTheFirstFrameThenOneFrameAtLeastAStrideFurther() {
        FrameIndex index = new FrameIndex();
        long offset = 24;
        for (long seq = 10; seq < 10 + 1000; seq++) {
            index.add(seq, offset);
            offset += 1000; // 1000-byte frames: one noted about every 66 frames
        }
        assertThat(index.size()).isBetween((int) (1000 * 1000 / FrameIndex.STRIDE), (int) (1000 * 1000 / FrameIndex.STRIDE) + 2);
        assertThat(index.floor(10)).containsExactly(10, 24);
        assertThat(index.floor(9)).isNull();
        long[] middle = index.floor(500);
        assertThat(middle[0]).isLessThanOrEqualTo(500).isGreaterThan(500 - 67);
        assertThat(middle[1]).isEqualTo(24 + (middle[0] - 10) * 1000);
        assertThat(index.floor(Long.MAX_VALUE)[0]).isLessThan(1010).isGreaterThan(1010 - 67);
    }

    @Test
    void ignoresFramesThatGoBackwards() {
        FrameIndex index = new FrameIndex();
        index.add(5, 100);
        index.add(6, 100 + FrameIndex.STRIDE);
        index.add(6, 100 + 3 * FrameIndex.STRIDE); // same sequence again
        index.add(4, 100 + 4 * FrameIndex.STRIDE); // an older sequence
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.floor(100)).containsExactly(6, 100 + FrameIndex.STRIDE);
    }
}
