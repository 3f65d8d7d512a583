package org.homeport.receiver.otlp.internal;

import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.receiver.Refusal;

/** What one log record or data point became: an event for the intake, or a refusal before it. */
record Mapped(TelemetryEvent event, Refusal refusal) {
    static Mapped event(TelemetryEvent event) {
        return new Mapped(event, null);
    }

    static Mapped refused(String reason, String detail) {
        return new Mapped(null, Refusal.of(reason, detail));
    }
}
