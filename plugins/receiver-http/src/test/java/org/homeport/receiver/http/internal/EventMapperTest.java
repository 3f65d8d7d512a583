package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.Identifiers;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

class EventMapperTest {
    private static final DevicePrincipal DEVICE = new DevicePrincipal("tenant-a", "key-id", Set.of());
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:05Z");
    private final EventMapper mapper = new EventMapper(() -> "generated-id");

    private TelemetryEvent map(Map<String, Object> object) throws InvalidEventException {
        return mapper.map(new EventStreamParser.RawEvent(0, object, null), DEVICE, NOW);
    }

    private static Map<String, Object> valid() {
        Map<String, Object> event = new HashMap<>();
        event.put("type", "app.start");
        event.put("purpose", "product-analytics");
        event.put("source", Map.of("product", "meet"));
        return event;
    }

    @Test
    void fillsIdAndTimeWhenAbsent() throws Exception {
        TelemetryEvent event = map(valid());

        assertThat(event.id()).isEqualTo("generated-id");
        assertThat(event.occurredAt()).isEqualTo(NOW);
        assertThat(event.receivedAt()).isEqualTo(NOW);
        assertThat(event.tenant()).isEqualTo("tenant-a");
    }

    @Test
    void acceptsAnInstantWithAnOffset() throws Exception {
        Map<String, Object> object = valid();
        object.put("time", "2026-11-23T11:00:00+01:00");

        assertThat(map(object).occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void namesTheFieldButNeverItsValue() {
        assertRejected(with("type", 42), "field 'type' must be a string");
        assertRejected(with("purpose", " "), "field 'purpose' must not be blank");
        assertRejected(with("time", "yesterday-at-home"), "field 'time' must be an ISO-8601 instant");
        assertRejected(with("source", "meet"), "field 'source' must be an object");
        assertRejected(with("source", Map.of("version", "1")), "field 'source.product' is required");
        assertRejected(with("source", Map.of("product", "p", "os", "windows-xp")), "unknown field 'source.os'");
        assertRejected(with("attributes", java.util.List.of()), "field 'attributes' must be an object");
        assertRejected(with("subject", 4711), "field 'subject' must be a string");
        assertRejected(with("tenant", "someone-else"), "unknown field 'tenant'");
    }

    @Test
    void subjectAndSourceFieldsLongerThanTheIdentifierLimitAreRejectedWithTheirOwnReason() throws Exception {
        String fits = "u".repeat(Identifiers.MAX_BYTES);
        String tooLong = "u".repeat(Identifiers.MAX_BYTES + 1);
        String tooLongInUtf8 = "é".repeat(128); // 128 characters, 256 bytes

        assertThat(map(with("subject", fits)).subject()).isEqualTo(fits);
        assertIdentifierTooLong(with("subject", tooLong), "subject");
        assertIdentifierTooLong(with("subject", tooLongInUtf8), "subject");
        assertIdentifierTooLong(with("source", Map.of("product", "meet", "device", tooLong)), "source.device");
        assertIdentifierTooLong(with("source", Map.of("product", tooLong)), "source.product");
        assertIdentifierTooLong(with("source", Map.of("product", "meet", "version", tooLong)), "source.version");
    }

    /** A data-subject request typed without the trailing space would never find such an id. */
    @Test
    void aSubjectOrDeviceIdWithALooseEndOrAControlCharacterIsRejectedWithoutBeingQuoted() throws Exception {
        for (String id : new String[] {"user-4711 ", "\u200buser-4711", "user\n4711"}) {
            for (Map<String, Object> object : java.util.List.of(with("subject", id),
                    with("source", Map.of("product", "meet", "device", id)))) {
                assertThatThrownBy(() -> map(object)).isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.reason()).isEqualTo("invalid-identifier");
                    assertThat(e.detail()).matches("field '(subject|source\\.device)' .*").doesNotContain("4711");
                });
            }
        }
        assertThat(map(with("subject", "user 4711")).subject()).isEqualTo("user 4711");
        assertThat(map(with("source", Map.of("product", "meet ", "device", "sn-1"))).source().product())
                .as("product and version are labels, not looked up by requests").isEqualTo("meet ");
    }

    private void assertIdentifierTooLong(Map<String, Object> object, String field) {
        assertThatThrownBy(() -> map(object)).isInstanceOfSatisfying(InvalidEventException.class, e -> {
            assertThat(e.reason()).isEqualTo("identifier-too-long");
            assertThat(e.detail()).isEqualTo("field '" + field + "' is longer than 255 bytes (UTF-8)");
        });
    }

    @Test
    void keepsTheClientIdOfARejectedEvent() {
        Map<String, Object> object = with("type", null);
        object.put("id", "client-7");

        assertThatThrownBy(() -> map(object)).isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.eventId()).isEqualTo("client-7"));
    }

    @Test
    void refusesAnEventWithARepeatedField() {
        assertThatThrownBy(() -> mapper.map(new EventStreamParser.RawEvent(0, valid(), "type"), DEVICE, NOW))
                .hasMessage("field 'type' is repeated or holds a repeated key");
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> event = valid();
        event.put(field, value);
        return event;
    }

    private void assertRejected(Map<String, Object> object, String detail) {
        assertThatThrownBy(() -> map(object)).isInstanceOfSatisfying(InvalidEventException.class, e -> {
            assertThat(e.detail()).startsWith(detail);
            assertThat(e.detail()).doesNotContain("yesterday-at-home", "windows-xp", "someone-else", "4711");
        });
    }
}
