package org.homeport.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TelemetryEventTest {
    private static final Source SOURCE = new Source("meet", "45.3.1", "d-8842");
    private static final Instant T = TestEvents.OCCURRED;

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void refusesABlankIdNamingIt(String blank) {
        assertThatThrownBy(() -> new TelemetryEvent(blank, "acme", SOURCE, null, "crash-reports", "app.error", T, T, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id must not be blank");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void refusesABlankTenantPurposeOrType(String blank) {
        assertThatThrownBy(() -> new TelemetryEvent("e", blank, SOURCE, null, "crash-reports", "app.error", T, T, Map.of()))
                .hasMessage("tenant must not be blank");
        assertThatThrownBy(() -> new TelemetryEvent("e", "acme", SOURCE, null, blank, "app.error", T, T, Map.of()))
                .hasMessage("purpose must not be blank");
        assertThatThrownBy(() -> new TelemetryEvent("e", "acme", SOURCE, null, "crash-reports", blank, T, T, Map.of()))
                .hasMessage("type must not be blank");
    }

    @Test
    void refusesMissingSourceAndTimes() {
        assertThatThrownBy(() -> new TelemetryEvent("e", "acme", null, null, "p", "t", T, T, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("source");
        assertThatThrownBy(() -> new TelemetryEvent("e", "acme", SOURCE, null, "p", "t", null, T, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("occurredAt");
        assertThatThrownBy(() -> new TelemetryEvent("e", "acme", SOURCE, null, "p", "t", T, null, Map.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("receivedAt");
    }

    @Test
    void allowsNoSubjectAndTreatsMissingAttributesAsEmpty() {
        TelemetryEvent event = new TelemetryEvent("e", "acme", SOURCE, null, "fault-alerts", "hw.fault", T, T, null);
        assertThat(event.subject()).isNull();
        assertThat(event.attributes()).isEmpty();
    }

    @Test
    void withMethodsChangeOneThingAndKeepTheRest() {
        TelemetryEvent event = TestEvents.crashReport(Map.of("message", "m"));

        TelemetryEvent withoutSubject = event.withSubject(null);
        TelemetryEvent otherSource = event.withSource(SOURCE.withDevice(null));
        TelemetryEvent otherAttributes = event.withAttributes(Map.of("message", "n"));

        assertThat(withoutSubject).isEqualTo(new TelemetryEvent(event.id(), event.tenant(), event.source(), null,
                event.purpose(), event.type(), event.occurredAt(), event.receivedAt(), event.attributes()));
        assertThat(otherSource.source().device()).isNull();
        assertThat(otherSource.subject()).isEqualTo(event.subject());
        assertThat(otherAttributes.attributes()).containsExactly(Map.entry("message", "n"));
        assertThat(otherAttributes.id()).isEqualTo(event.id());
        assertThat(event.subject()).isEqualTo("user-4711");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void sourceRefusesABlankProduct(String blank) {
        assertThatThrownBy(() -> new Source(blank, "1", "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("source.product must not be blank");
    }

    @Test
    void sourceAllowsNoVersionAndNoDevice() {
        Source source = new Source("array-9000", null, null);
        assertThat(source.withDevice("d-1")).isEqualTo(new Source("array-9000", null, "d-1"));
    }
}
