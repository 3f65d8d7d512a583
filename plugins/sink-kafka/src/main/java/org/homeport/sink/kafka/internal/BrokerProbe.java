package org.homeport.sink.kafka.internal;

import java.time.Duration;

/** Asks the brokers whether they answer, for {@code /health} between writes. Our seam for tests. */
interface BrokerProbe extends AutoCloseable {
    /**
     * How many brokers the cluster reports, waiting at most {@code timeout}.
     *
     * @throws Exception when no broker answered in time, or the answer was an error
     */
    int brokers(Duration timeout) throws Exception;

    @Override
    void close();
}
