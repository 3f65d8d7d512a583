package org.homeport.aggregate.kanon.internal;

import java.util.Arrays;

/**
 * The distinct people (subjects or devices) a group counted, by the 64-bit keyed hashes of their
 * ids: exactly, as a set of hashes, up to {@code exactLimit}; beyond that as a HyperLogLog sketch
 * of {@value #REGISTERS} one-byte registers (standard error about 6.5 %). The aggregator keeps
 * {@code exactLimit} at least k, so whether a group reaches k people is always decided exactly;
 * only counts above the limit are estimates.
 *
 * <p>Its heap never exceeds {@link #worstCaseBytes}: the aggregator charges that much for each
 * group up front, so {@code max.bytes} holds whatever the senders do.
 *
 * <p>Not thread-safe: only the aggregator's writer thread (and the thread building one batch's
 * record) touch an instance.
 */
final class People {
    /** Registers of the sketch: 2^8, so the top 8 bits of a hash pick one. */
    static final int REGISTERS = 256;
    private static final int INDEX_BITS = 8;
    /** The largest rank a register can hold: the first 1 bit lies beyond the 56 bits after the index. */
    private static final int MAX_RANK = 64 - INDEX_BITS + 1;
    /** No hash is 0 in the set: 0 marks a free slot, so a hash of 0 is stored as this instead. */
    private static final long ZERO_STANDS_FOR = 0x9E3779B97F4A7C15L;

    private final int exactLimit;
    /** Open addressing, at most half full; null once the sketch took over. */
    private long[] slots;
    private int size;
    /** Null while counting exactly. */
    private byte[] registers;

    People(int exactLimit) {
        if (exactLimit < 1) {
            throw new IllegalArgumentException("exactLimit must be positive");
        }
        this.exactLimit = exactLimit;
        this.slots = new long[8];
    }

    /** A sketch made of registers read back from the state log. */
    static People ofRegisters(int exactLimit, byte[] registers) {
        if (registers.length != REGISTERS) {
            throw new IllegalArgumentException("a sketch has " + REGISTERS + " registers, not " + registers.length);
        }
        for (byte register : registers) {
            if (register < 0 || register > MAX_RANK) {
                throw new IllegalArgumentException("a register holds 0 to " + MAX_RANK + ", not " + register);
            }
        }
        People people = new People(exactLimit);
        people.slots = null;
        people.registers = registers.clone();
        return people;
    }

    /** The most heap one instance takes with this limit: its larger form plus object headers. */
    static long worstCaseBytes(int exactLimit) {
        // the table is at most half full: its length is the power of two at or above twice the limit
        long slotsAtLimit = Math.max(8, Long.highestOneBit(2L * exactLimit - 1) << 1);
        return 64 + Math.max(8 * slotsAtLimit, REGISTERS) + 16;
    }

    void add(long hash) {
        if (registers != null) {
            addToSketch(hash);
            return;
        }
        long stored = hash == 0 ? ZERO_STANDS_FOR : hash;
        if (contains(stored)) {
            return;
        }
        if (size == exactLimit) {
            toSketch();
            addToSketch(hash);
            return;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(slots, stored);
        size++;
    }

    /** Adds everyone {@code other} counted. */
    void addAll(People other) {
        if (other.registers == null) {
            for (long hash : other.slots) {
                if (hash != 0) {
                    add(hash == ZERO_STANDS_FOR ? 0 : hash);
                }
            }
            return;
        }
        if (registers == null) {
            toSketch();
        }
        for (int i = 0; i < REGISTERS; i++) {
            registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }
    }

    /** Whether {@link #count} is an estimate of the sketch rather than an exact count. */
    boolean estimated() {
        return registers != null;
    }

    /** Distinct people: exact up to the limit, estimated beyond it (never below the limit then). */
    long count() {
        if (registers == null) {
            return size;
        }
        return Math.max(exactLimit + 1L, Math.round(estimate()));
    }

    /** The hashes while counting exactly, in no particular order; null once sketched. */
    long[] hashes() {
        if (registers != null) {
            return null;
        }
        long[] hashes = new long[size];
        int i = 0;
        for (long hash : slots) {
            if (hash != 0) {
                hashes[i++] = hash == ZERO_STANDS_FOR ? 0 : hash;
            }
        }
        return hashes;
    }

    /** A copy of the sketch's registers; null while counting exactly. */
    byte[] registers() {
        return registers == null ? null : registers.clone();
    }

    private boolean contains(long stored) {
        int mask = slots.length - 1;
        for (int i = spread(stored) & mask; slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == stored) {
                return true;
            }
        }
        return false;
    }

    private static void insert(long[] table, long stored) {
        int mask = table.length - 1;
        int i = spread(stored) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = stored;
    }

    private void grow() {
        long[] larger = new long[slots.length * 2];
        for (long hash : slots) {
            if (hash != 0) {
                insert(larger, hash);
            }
        }
        slots = larger;
    }

    private static int spread(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }

    private void toSketch() {
        registers = new byte[REGISTERS];
        for (long hash : slots) {
            if (hash != 0) {
                addToSketch(hash == ZERO_STANDS_FOR ? 0 : hash);
            }
        }
        slots = null;
        size = 0;
    }

    private void addToSketch(long hash) {
        int index = (int) (hash >>> (64 - INDEX_BITS));
        long rest = hash << INDEX_BITS;
        // position of the first 1 bit in the remaining 56 bits; 57 if there is none
        int rank = Math.min(Long.numberOfLeadingZeros(rest) + 1, MAX_RANK);
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** HyperLogLog (Flajolet et al. 2007) with linear counting for small ranges. */
    private double estimate() {
        double sum = 0;
        int zeros = 0;
        for (byte register : registers) {
            sum += Math.scalb(1.0, -register);
            if (register == 0) {
                zeros++;
            }
        }
        double m = REGISTERS;
        double alpha = 0.7213 / (1 + 1.079 / m);
        double raw = alpha * m * m / sum;
        if (raw <= 2.5 * m && zeros > 0) {
            return m * Math.log(m / zeros);
        }
        return raw;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof People that && exactLimit == that.exactLimit
                && Arrays.equals(sortedHashes(), that.sortedHashes()) && Arrays.equals(registers, that.registers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sortedHashes()) * 31 + Arrays.hashCode(registers);
    }

    private long[] sortedHashes() {
        long[] hashes = hashes();
        if (hashes != null) {
            Arrays.sort(hashes);
        }
        return hashes;
    }
}
