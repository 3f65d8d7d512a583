package org.homeport.receiver.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.catalog.EventType;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

class MqttMappingTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final DevicePrincipal ACME = new DevicePrincipal("acme", "key-1", Set.of());
    private static final Map<String, EventType> TYPES = Map.of(
            "usage.meter", new EventType("usage.meter", "", Set.of("usage-metering"), List.of()),
            "app.error", new EventType("app.error", "", Set.of("crash-reports", "diagnostics"), List.of()),
            "fault.alert", new EventType("fault.alert", "", Set.of("fault-alerts", "diagnostics"), List.of()));

    private static MqttMapping mapping(String template, List<String> purposes) {
        return MqttMapping.parse(template, purposes, "mqtt", "subject", "time", "id", new PayloadParser(8, 100, 1000),
                name -> Optional.ofNullable(TYPES.get(name)), () -> "generated-id");
    }

    private final MqttMapping mapping = mapping("homeport/{tenant}/{device}/{type}", List.of("app.error=crash-reports"));

    private TelemetryEvent map(MqttMapping m, String topic, String payload) throws RefusedException {
        return m.map(topic, payload.getBytes(StandardCharsets.UTF_8), ACME, NOW);
    }

    private String refusal(MqttMapping m, String topic, String payload) {
        try {
            map(m, topic, payload);
        } catch (RefusedException e) {
            return e.refusal().reason();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void topicLevelsAndPayloadBecomeTheEventOfTheCredentialsTenant() throws Exception {
        TelemetryEvent event = map(mapping, "homeport/acme/printer-7/usage.meter",
                "{\"pages\":1200,\"subject\":\"owner-3\",\"time\":\"2026-12-04T09:00:00+01:00\",\"id\":\"m-1\"}");
        assertThat(event.tenant()).isEqualTo("acme");
        assertThat(event.type()).isEqualTo("usage.meter");
        assertThat(event.purpose()).as("the type's only purpose").isEqualTo("usage-metering");
        assertThat(event.source().device()).isEqualTo("printer-7");
        assertThat(event.source().product()).isEqualTo("mqtt");
        assertThat(event.subject()).isEqualTo("owner-3");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
        assertThat(event.receivedAt()).isEqualTo(NOW);
        assertThat(event.id()).isEqualTo("m-1");
        assertThat(event.attributes()).as("envelope members are taken out").isEqualTo(Map.of("pages", 1200));
    }

    @Test
    void withoutEnvelopeMembersTheNodeFillsThemIn() throws Exception {
        TelemetryEvent event = map(mapping, "homeport/acme/printer-7/usage.meter", "{\"pages\":1}");
        assertThat(event.id()).isEqualTo("generated-id");
        assertThat(event.occurredAt()).isEqualTo(NOW);
        assertThat(event.subject()).isNull();
    }

    @Test
    void aTypeWithSeveralPurposesTakesTheConfiguredOneOrIsRefused() throws Exception {
        assertThat(map(mapping, "homeport/acme/d/app.error", "{}").purpose()).isEqualTo("crash-reports");
        assertThat(refusal(mapping, "homeport/acme/d/fault.alert", "{}")).isEqualTo("ambiguous-purpose");
    }

    @Test
    void aPurposeLevelWinsOverTheConfiguredPurpose() throws Exception {
        MqttMapping withPurpose = mapping("t/{product}/{version}/{type}/{purpose}", List.of("app.error=crash-reports"));
        TelemetryEvent event = map(withPurpose, "t/meet/45.3/app.error/diagnostics", "{}");
        assertThat(event.purpose()).isEqualTo("diagnostics");
        assertThat(event.source().product()).isEqualTo("meet");
        assertThat(event.source().version()).isEqualTo("45.3");
        assertThat(event.source().device()).isNull();
    }

    @Test
    void unknownTypesOtherTenantsAndTopicsOutsideTheTemplateAreRefused() {
        assertThat(refusal(mapping, "homeport/acme/d/no.such.type", "{}")).isEqualTo("unknown-type");
        assertThat(refusal(mapping, "homeport/globex/d/usage.meter", "{}")).isEqualTo("tenant-mismatch");
        assertThat(refusal(mapping, "elsewhere/acme/d/usage.meter", "{}")).isEqualTo("unmapped");
        assertThat(refusal(mapping, "homeport/acme/usage.meter", "{}")).isEqualTo("unmapped");
    }

    @Test
    void badPayloadsAndIdentifiersAreRefused() {
        assertThat(refusal(mapping, "homeport/acme/d/usage.meter", "not json")).isEqualTo("malformed");
        assertThat(refusal(mapping, "homeport/acme/d/usage.meter", "{\"subject\":42}")).isEqualTo("malformed");
        assertThat(refusal(mapping, "homeport/acme/d/usage.meter", "{\"time\":\"yesterday\"}")).isEqualTo("malformed");
        assertThat(refusal(mapping, "homeport/acme/d/usage.meter", "{\"subject\":\" padded\"}"))
                .isEqualTo("bad-identifier");
        assertThat(refusal(mapping, "homeport/acme/" + "d".repeat(300) + "/usage.meter", "{}"))
                .isEqualTo("bad-identifier");
    }

    @Test
    void theUnknownTypeRefusalDoesNotEchoTheTopic() {
        try {
            map(mapping, "homeport/acme/d/jane.doe@example.com", "{}");
        } catch (RefusedException e) {
            assertThat(e.getMessage()).doesNotContain("jane");
            return;
        }
        throw new AssertionError("not refused");
    }
}
