package org.homeport.receiver.mqtt.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.receiver.ReceiverMeters;

/**
 * The MQTT receiver's meters, named as every receiver's ({@link ReceiverMeters}): messages by what
 * became of them ({@code homeport.receiver.requests{receiver=mqtt,status}}), refusals before the
 * intake by reason ({@code homeport.receiver.refused{receiver=mqtt,reason}}; connections refused at
 * CONNECT count there too), and two gauges: connected clients and messages with the intake. Reasons
 * are fixed slugs, so the label set stays bounded whatever clients send.
 */
final class MqttMetrics {
    static final String RECEIVER = "mqtt";
    static final String CLIENTS = "homeport.receiver.mqtt.clients";
    static final String IN_FLIGHT = "homeport.receiver.mqtt.in.flight";
    private final MeterRegistry registry;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();
    final AtomicInteger clients = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();

    MqttMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(CLIENTS, clients, AtomicInteger::get).description("MQTT clients connected (bound: max.clients)")
                .tag(ReceiverMeters.RECEIVER, RECEIVER).strongReference(true).register(registry);
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("PUBLISH messages handed to the intake and not yet answered, over all clients "
                        + "(bound: max.clients x max.in.flight)")
                .tag(ReceiverMeters.RECEIVER, RECEIVER).strongReference(true).register(registry);
    }

    void refused(String reason) {
        refused.computeIfAbsent(reason, r -> Counter.builder(ReceiverMeters.REFUSED)
                .description("Units refused before the intake saw them, by reason")
                .tag(ReceiverMeters.RECEIVER, RECEIVER)
                .tag(ReceiverMeters.REASON, r)
                .register(registry)).increment();
        answered("refused");
    }

    void outcome(EventOutcome outcome) {
        answered(outcome.status().name().toLowerCase(Locale.ROOT));
    }

    private void answered(String status) {
        messages.computeIfAbsent(status, s -> Counter.builder(ReceiverMeters.REQUESTS)
                .description("Messages handled, by what became of them")
                .tag(ReceiverMeters.RECEIVER, RECEIVER)
                .tag(ReceiverMeters.STATUS, s)
                .register(registry)).increment();
    }

    double refusedCount(String reason) {
        Counter counter = refused.get(reason);
        return counter == null ? 0 : counter.count();
    }

    double messageCount(String status) {
        Counter counter = messages.get(status);
        return counter == null ? 0 : counter.count();
    }
}
