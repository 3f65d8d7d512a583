package org.homeport.journal.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SegmentLog#open} found and did.
 *
 * @param segments         segment files scanned (not counting those set aside)
 * @param records          valid records found
 * @param truncatedBytes   bytes cut from the end of the last segment (torn or zero-filled tail)
 * @param skippedRecords   sequences lost to skipped ranges and to gaps between segments
 * @param skipped          byte ranges skipped inside segments, each with the records it cost
 * @param setAside         segments whose header was truncated or invalid, renamed {@code *.corrupt}
 * @param nextSequence     the sequence the next append gets
 */
public record RecoveryReport(int segments, long records, long truncatedBytes, long skippedRecords,
                             List<SkippedRange> skipped, List<Path> setAside, long nextSequence) {

    public RecoveryReport {
        skipped = List.copyOf(skipped);
        setAside = List.copyOf(setAside);
    }

    /** True if nothing was cut, skipped or set aside. */
    public boolean clean() {
        return truncatedBytes == 0 && skippedRecords == 0 && skipped.isEmpty() && setAside.isEmpty();
    }

    /**
     * Bytes {@code [fromOffset, toOffset)} of {@code segment} held no valid frame; {@code records}
     * sequences were lost there (known exactly, because sequences are gap-free).
     */
    public record SkippedRange(Path segment, long fromOffset, long toOffset, long records) {
    }
}
