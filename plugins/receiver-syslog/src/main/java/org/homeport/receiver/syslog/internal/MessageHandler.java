package org.homeport.receiver.syslog.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.homeport.api.event.TelemetryEvent;

/** Parse and map one message, counting a refusal; shared by TCP connections and the UDP socket. */
final class MessageHandler {
    private final SyslogParser parser;
    private final SyslogMapping mapping;
    private final SyslogMetrics metrics;
    private final Clock clock;

    MessageHandler(SyslogParser parser, SyslogMapping mapping, SyslogMetrics metrics, Clock clock) {
        this.parser = parser;
        this.mapping = mapping;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Adds the event to {@code into}, or counts why not. */
    void handle(byte[] bytes, int offset, int length, String tenant, List<TelemetryEvent> into) {
        Instant now = clock.instant();
        try {
            into.add(mapping.map(parser.parse(bytes, offset, length, now), tenant, now));
        } catch (MalformedMessageException e) {
            metrics.refused(e.reason());
        }
    }

    SyslogMetrics metrics() {
        return metrics;
    }
}
