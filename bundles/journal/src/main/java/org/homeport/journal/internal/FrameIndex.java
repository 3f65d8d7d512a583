package org.homeport.journal.internal;

import java.util.Arrays;

/**
 * Where some frames of one segment start: the first frame, then the first frame at least
 * {@link #STRIDE} bytes after the last one indexed. A read seeks to the indexed frame at or before
 * the sequence it wants and verifies at most a stride of frames from there, instead of reading the
 * segment from its header (which, for a sink a little behind, re-read megabytes per batch).
 *
 * <p>Bounded by the segment's size: at most {@code segmentBytes / STRIDE + 1} entries of 16 bytes.
 * Entries only grow in sequence and offset; the writer adds them as it frames records, recovery and
 * rewrites as they scan. Readers use it under the log's read lock, so a rewrite that moves offsets
 * (which takes the write lock) swaps in a whole new index.
 */
final class FrameIndex {

    static final long STRIDE = 64 * 1024;

    private long[] sequences = new long[8];
    private long[] offsets = new long[8];
    private int size;

    /** Notes the frame of {@code sequence} at {@code offset} if it is a stride past the last one noted. */
    synchronized void add(long sequence, long offset) {
        if (size > 0 && (sequence <= sequences[size - 1] || offset - offsets[size - 1] < STRIDE)) {
            return;
        }
        if (size == sequences.length) {
            sequences = Arrays.copyOf(sequences, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        sequences[size] = sequence;
        offsets[size] = offset;
        size++;
    }

    /** The last noted frame with a sequence at most {@code sequence}, as {sequence, offset}; null if none. */
    synchronized long[] floor(long sequence) {
        int i = Arrays.binarySearch(sequences, 0, size, sequence);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? null : new long[] {sequences[i], offsets[i]};
    }

    synchronized int size() {
        return size;
    }
}
