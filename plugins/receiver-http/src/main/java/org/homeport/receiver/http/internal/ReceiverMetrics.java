package org.homeport.receiver.http.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The receiver's meters. Tags carry protocol facts only, never anything about a sender. */
final class ReceiverMetrics {
    static final String REQUESTS = "homeport.receiver.requests";
    static final String REQUEST_EVENTS = "homeport.receiver.request.events";
    static final String RECEIVER = "http";

    private final MeterRegistry registry;
    private final DistributionSummary eventsPerRequest;
    private final Map<Integer, Counter> requestsByStatus = new ConcurrentHashMap<>();

    ReceiverMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventsPerRequest = DistributionSummary.builder(REQUEST_EVENTS)
                .description("Events per request that was parsed completely")
                .baseUnit("events")
                .tag("receiver", RECEIVER)
                .register(registry);
    }

    void requestAnswered(int status) {
        requestsByStatus.computeIfAbsent(status, s -> Counter.builder(REQUESTS)
                .description("Requests answered, by HTTP status")
                .tag("receiver", RECEIVER)
                .tag("status", Integer.toString(s))
                .register(registry))
                .increment();
    }

    void eventsParsed(int count) {
        eventsPerRequest.record(count);
    }
}
