package org.homeport.receiver.http.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.homeport.api.receiver.ReceiverMeters;

/** The receiver's meters. Tags carry protocol facts only, never anything about a sender. */
final class ReceiverMetrics {
    static final String REQUESTS = ReceiverMeters.REQUESTS;
    static final String REQUEST_EVENTS = ReceiverMeters.REQUEST_EVENTS;
    static final String RECEIVER = "http";
    static final String VALUES_IN_FLIGHT = "homeport.receiver.values.in.flight";

    private final MeterRegistry registry;
    private final DistributionSummary eventsPerRequest;
    private final Map<Integer, Counter> requestsByStatus = new ConcurrentHashMap<>();
    /** The running server's count; replaced on every restart. */
    private volatile InFlightValues inFlight;

    ReceiverMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventsPerRequest = DistributionSummary.builder(REQUEST_EVENTS)
                .description("Events per request that was parsed completely")
                .baseUnit("events")
                .tag(ReceiverMeters.RECEIVER, RECEIVER)
                .register(registry);
        Gauge.builder(VALUES_IN_FLIGHT, this, metrics -> metrics.inFlight == null ? 0 : metrics.inFlight.held())
                .description("JSON values that requests being parsed hold on the heap (bound: max.values.in.flight)")
                .tag(ReceiverMeters.RECEIVER, RECEIVER)
                .strongReference(true)
                .register(registry);
    }

    void watch(InFlightValues current) {
        inFlight = current;
    }

    void requestAnswered(int status) {
        requestsByStatus.computeIfAbsent(status, s -> Counter.builder(REQUESTS)
                .description("Requests answered, by HTTP status")
                .tag(ReceiverMeters.RECEIVER, RECEIVER)
                .tag(ReceiverMeters.STATUS, Integer.toString(s))
                .register(registry))
                .increment();
    }

    void eventsParsed(int count) {
        eventsPerRequest.record(count);
    }
}
