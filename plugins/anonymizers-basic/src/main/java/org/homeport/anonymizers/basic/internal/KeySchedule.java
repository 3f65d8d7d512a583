package org.homeport.anonymizers.basic.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When keys start and retire. Periods are whole days aligned to 1970-01-01 UTC, so every node
 * with the same settings names the same key for the same day; a period of 0 days never rotates.
 */
record KeySchedule(int periodDays, Duration retireAfter) {
    private static final long SECONDS_PER_DAY = 86_400;

    KeySchedule {
        if (periodDays < 0) {
            throw new IllegalArgumentException("rotation.period must not be negative");
        }
        if (retireAfter.isNegative()) {
            throw new IllegalArgumentException("retire.after must not be negative");
        }
    }

    /** The id of the key whose period holds {@code now}. */
    KeyId currentId(Instant now) {
        if (periodDays == 0) {
            return KeyId.ofEpochDay(0);
        }
        long day = Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY);
        return KeyId.ofEpochDay(day - Math.floorMod(day, periodDays));
    }

    /** Whether a key superseded at {@code supersededAt} has retired by {@code now}. */
    boolean retired(Instant supersededAt, Instant now) {
        return !now.isBefore(retiresAt(supersededAt));
    }

    /** When a key superseded at {@code supersededAt} retires and is destroyed. */
    Instant retiresAt(Instant supersededAt) {
        return supersededAt.plus(retireAfter);
    }

    /**
     * The first moment after {@code now} at which the live keys change: the next period, the next
     * retirement of one of {@code idsNewestFirst}, or a key placed in advance starting.
     */
    Instant nextChange(Instant now, List<KeyId> idsNewestFirst) {
        Instant next = Instant.MAX;
        if (periodDays > 0) {
            next = currentId(now).start().plus(Duration.ofDays(periodDays));
        }
        for (int i = 1; i < idsNewestFirst.size(); i++) {
            Instant retires = retiresAt(idsNewestFirst.get(i - 1).start());
            if (retires.isAfter(now) && retires.isBefore(next)) {
                next = retires;
            }
        }
        return next;
    }
}
