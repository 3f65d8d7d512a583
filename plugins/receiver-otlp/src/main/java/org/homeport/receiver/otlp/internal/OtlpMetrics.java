package org.homeport.receiver.otlp.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.homeport.api.receiver.ReceiverMeters;

/**
 * The OTLP receiver's meters, named as every receiver's ({@link ReceiverMeters}): requests by HTTP
 * status ({@code homeport.receiver.requests{receiver=otlp,status}}), refusals before the intake by
 * reason ({@code homeport.receiver.refused{receiver=otlp,reason}}; a whole request refused counts
 * once, a record refused within an accepted request counts once per record), and records per
 * request. Reasons are fixed slugs, so the label set stays bounded whatever senders send.
 */
final class OtlpMetrics {
    static final String RECEIVER = "otlp";
    private final MeterRegistry registry;
    private final DistributionSummary recordsPerRequest;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> requests = new ConcurrentHashMap<>();
    static final String BYTES_IN_FLIGHT = "homeport.receiver.bytes.in.flight";
    /** The running server's; replaced on every restart. */
    private volatile InFlightBytes inFlight;

    OtlpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.recordsPerRequest = DistributionSummary.builder(ReceiverMeters.REQUEST_EVENTS)
                .description("Log records or data points per request that was parsed completely")
                .baseUnit("events").tag(ReceiverMeters.RECEIVER, RECEIVER).register(registry);
        Gauge.builder(BYTES_IN_FLIGHT, this, metrics -> metrics.inFlight == null ? 0 : metrics.inFlight.held())
                .description("Body bytes (as read, and inflated) requests hold while read and decoded "
                        + "(bound: max.bytes.in.flight)")
                .baseUnit("bytes").tag(ReceiverMeters.RECEIVER, RECEIVER).strongReference(true).register(registry);
    }

    void watch(InFlightBytes current) {
        inFlight = current;
    }

    void refused(String reason) {
        refused.computeIfAbsent(reason, r -> Counter.builder(ReceiverMeters.REFUSED)
                .description("Units refused before the intake saw them, by reason")
                .tag(ReceiverMeters.RECEIVER, RECEIVER)
                .tag(ReceiverMeters.REASON, r)
                .register(registry)).increment();
    }

    void answered(int status) {
        requests.computeIfAbsent(status, s -> Counter.builder(ReceiverMeters.REQUESTS)
                .description("Requests answered, by HTTP status")
                .tag(ReceiverMeters.RECEIVER, RECEIVER)
                .tag(ReceiverMeters.STATUS, Integer.toString(s))
                .register(registry)).increment();
    }

    void parsed(int records) {
        recordsPerRequest.record(records);
    }

    double refusedCount(String reason) {
        Counter counter = refused.get(reason);
        return counter == null ? 0 : counter.count();
    }

    double answeredCount(int status) {
        Counter counter = requests.get(status);
        return counter == null ? 0 : counter.count();
    }
}
