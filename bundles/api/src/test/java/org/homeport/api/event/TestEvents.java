package org.homeport.api.event;

import java.time.Instant;
import java.util.Map;

/** Events shaped after the phone-home cases of shared/USE-CASES.md. */
public final class TestEvents {
    static final Instant OCCURRED = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:01Z");

    private TestEvents() {
    }

    public static TelemetryEvent crashReport(Map<String, Object> attributes) {
        return new TelemetryEvent("e-1", "acme", new Source("meet", "45.3.1", "d-8842"), "user-4711",
                "crash-reports", "app.error", OCCURRED, RECEIVED, attributes);
    }

    /** A hardware fault alert: nobody's data, so no subject, and no device id or version either. */
    public static TelemetryEvent faultAlert(Map<String, Object> attributes) {
        return new TelemetryEvent("e-2", "acme", new Source("array-9000", null, null), null,
                "fault-alerts", "hw.fault", OCCURRED, RECEIVED, attributes);
    }
}
