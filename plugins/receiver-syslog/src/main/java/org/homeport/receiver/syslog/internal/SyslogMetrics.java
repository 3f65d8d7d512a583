package org.homeport.receiver.syslog.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.receiver.ReceiverMeters;

/**
 * The syslog receiver's meters, named as every receiver's ({@link ReceiverMeters}): messages by
 * outcome ({@code homeport.receiver.requests{receiver=syslog,status}}) and refusals before the
 * intake by reason ({@code homeport.receiver.refused{receiver=syslog,reason}}). Reasons are the
 * parser's, framer's and mapping's fixed slugs, so the label set stays bounded.
 */
final class SyslogMetrics {
    static final String RECEIVER = "syslog";
    private final MeterRegistry registry;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();

    SyslogMetrics(MeterRegistry registry) {
        this.registry = registry;
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
