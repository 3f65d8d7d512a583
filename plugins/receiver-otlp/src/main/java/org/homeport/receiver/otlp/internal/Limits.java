package org.homeport.receiver.otlp.internal;

/**
 * The receiver's bounds, validated.
 *
 * @param maxBodyBytes         most bytes of a body on the wire (compressed size for gzip)
 * @param maxDecompressedBytes most bytes a gzip body may inflate to
 * @param maxRecords           most log records or data points per request
 * @param maxDepth             deepest nesting of an attribute value in OTLP/JSON
 * @param retryAfterSeconds    what Retry-After says when the node cannot store now
 * @param maxBytesInFlight     most body bytes (as read, and inflated) all requests hold at once
 */
record Limits(long maxBodyBytes, long maxDecompressedBytes, int maxRecords, int maxDepth, long retryAfterSeconds,
        long maxBytesInFlight) {
    Limits {
        if (maxBodyBytes <= 0 || maxDecompressedBytes <= 0 || maxRecords <= 0 || maxDepth <= 0 || retryAfterSeconds <= 0
                || maxBytesInFlight <= 0) {
            throw new IllegalArgumentException("the OTLP receiver's limits must be positive");
        }
        if (maxBodyBytes > Integer.MAX_VALUE - 8 || maxDecompressedBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a body is held in memory: its limits must be below 2 GiB");
        }
    }
}
