package org.homeport.journal.internal;

/**
 * Limits of a {@link SegmentLog}.
 *
 * @param segmentBytes    a segment is rolled before a record would make it larger than this
 * @param maxRecordBytes  largest payload {@code append} accepts
 * @param maxQueuedRecords records waiting for (or in) a group commit before appends are refused
 * @param maxQueuedBytes  framed bytes waiting for (or in) a group commit before appends are refused
 * @param quotaBytes      segment files plus queued bytes may not exceed this
 */
public record JournalSettings(long segmentBytes, int maxRecordBytes, int maxQueuedRecords,
                              long maxQueuedBytes, long quotaBytes) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_QUEUED_RECORDS = 65_536;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_QUOTA_BYTES = 8L * 1024 * 1024 * 1024;

    public JournalSettings {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be >= 1: " + maxRecordBytes);
        }
        long largestFrame = Frames.FRAME_HEADER_BYTES + (long) maxRecordBytes;
        if (segmentBytes < Frames.SEGMENT_HEADER_BYTES + largestFrame) {
            throw new IllegalArgumentException("segmentBytes " + segmentBytes
                    + " cannot hold a header and a record of maxRecordBytes " + maxRecordBytes);
        }
        if (maxQueuedRecords < 1) {
            throw new IllegalArgumentException("maxQueuedRecords must be >= 1: " + maxQueuedRecords);
        }
        if (maxQueuedBytes < largestFrame) {
            throw new IllegalArgumentException("maxQueuedBytes " + maxQueuedBytes
                    + " cannot hold a record of maxRecordBytes " + maxRecordBytes);
        }
        if (quotaBytes < Frames.SEGMENT_HEADER_BYTES + largestFrame) {
            throw new IllegalArgumentException("quotaBytes too small: " + quotaBytes);
        }
    }

    public static JournalSettings defaults() {
        return new JournalSettings(DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES,
                DEFAULT_MAX_QUEUED_RECORDS, DEFAULT_MAX_QUEUED_BYTES, DEFAULT_QUOTA_BYTES);
    }

    public JournalSettings withSegmentBytes(long v) {
        return new JournalSettings(v, maxRecordBytes, maxQueuedRecords, maxQueuedBytes, quotaBytes);
    }

    public JournalSettings withMaxRecordBytes(int v) {
        return new JournalSettings(segmentBytes, v, maxQueuedRecords, maxQueuedBytes, quotaBytes);
    }

    public JournalSettings withMaxQueuedRecords(int v) {
        return new JournalSettings(segmentBytes, maxRecordBytes, v, maxQueuedBytes, quotaBytes);
    }

    public JournalSettings withMaxQueuedBytes(long v) {
        return new JournalSettings(segmentBytes, maxRecordBytes, maxQueuedRecords, v, quotaBytes);
    }

    public JournalSettings withQuotaBytes(long v) {
        return new JournalSettings(segmentBytes, maxRecordBytes, maxQueuedRecords, maxQueuedBytes, v);
    }
}
