package org.homeport.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/** Test data shaped after the phone-home cases of shared/USE-CASES.md. */
public final class Events {
    public static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private Events() {
    }

    public static TelemetryEvent event(String id, String purpose, String type, String subject, Map<String, Object> attributes) {
        return new TelemetryEvent(id, "demo", new Source("meet", "45.3.1", "d-8842"), subject, purpose, type, NOW, NOW,
                attributes);
    }

    public static TelemetryEvent crashReport(String id, String subject) {
        return event(id, "crash-reports", "app.error", subject, Map.of("message", "sync failed", "errorCode", "E-17"));
    }

    public static Purpose purpose(String id, LegalBasis basis, ConsentDefault consentDefault, AnonymizerRef... anonymizers) {
        return new Purpose(id, "", basis, consentDefault, false, java.time.Duration.ofDays(30), List.of(anonymizers), 1);
    }

    public static EventType errorType() {
        return new EventType("app.error", "", java.util.Set.of("crash-reports"), List.of(
                new FieldSpec("message", FieldSpec.Kind.STRING, true),
                new FieldSpec("errorCode", FieldSpec.Kind.STRING, false),
                new FieldSpec("count", FieldSpec.Kind.NUMBER, false)));
    }
}
