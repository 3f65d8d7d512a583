package org.homeport.journal.internal;

import java.time.Duration;

/**
 * How delivery from the journal behaves.
 *
 * @param batchEvents  most events in one write to a sink
 * @param batchBytes   most journal bytes read for one write
 * @param retryInitial first wait after a failed write; doubled after each failure
 * @param retryMax     longest wait between two attempts
 * @param sinkTimeout  a write not acknowledged by then counts as failed
 * @param inFlightBatches most batches handed to one sink and not yet acknowledged
 */
record DeliverySettings(int batchEvents, long batchBytes, Duration retryInitial, Duration retryMax,
                        Duration sinkTimeout, int inFlightBatches) {
    DeliverySettings {
        if (batchEvents < 1 || batchBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
        if (inFlightBatches < 1 || inFlightBatches > 64) {
            throw new IllegalArgumentException("batches in flight must be 1 to 64");
        }
        if (retryInitial.isNegative() || retryInitial.isZero() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("retry waits must be positive, the longest at least the first");
        }
        if (sinkTimeout.isNegative() || sinkTimeout.isZero()) {
            throw new IllegalArgumentException("the sink timeout must be positive");
        }
    }
}
