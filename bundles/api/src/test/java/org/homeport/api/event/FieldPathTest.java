package org.homeport.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldPathTest {

    private static Map<String, Object> nested() {
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("ip", "192.168.17.42");
        network.put("type", "wifi");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("message", "sync failed");
        attributes.put("network", network);
        attributes.put("tags", List.of("a", "b"));
        return attributes;
    }

    // parse

    @Test
    void parsesTheFieldsAnAnonymizerMayTouch() {
        assertThat(FieldPath.parse("subject").attributeKey()).isNull();
        assertThat(FieldPath.parse("source.device").attributeKey()).isNull();
        assertThat(FieldPath.parse("source.version").attributeKey()).isNull();
        assertThat(FieldPath.parse("attributes.message").attributeKey()).isEqualTo("message");
        assertThat(FieldPath.parse("attributes.network.ip").attributeKey()).isEqualTo("network");
    }

    @Test
    void trimsSurroundingSpaces() {
        FieldPath path = FieldPath.parse("  source.device ");
        assertThat(path).hasToString("source.device").isEqualTo(FieldPath.parse("source.device"));
        assertThat(path.hashCode()).isEqualTo(FieldPath.parse("source.device").hashCode());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"tenant", "id", "purpose", "source", "source.product", "attributes", "attributes.",
            "Subject", "attrs.message"})
    void refusesPathsThatNameNoTouchableFieldAndSaysWhatIsAllowed(String text) {
        assertThatThrownBy(() -> FieldPath.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown field path '")
                .hasMessageContaining("use subject, source.device, source.version or attributes.<key>[.<key>...]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"attributes..ip", "attributes.network.", "attributes.network..ip"})
    void refusesEmptyKeysNamingThePath(String text) {
        assertThatThrownBy(() -> FieldPath.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty key in field path '" + text + "'");
    }

    // get

    @Test
    void readsSubjectAndSourceFields() {
        TelemetryEvent event = TestEvents.crashReport(Map.of());
        assertThat(FieldPath.parse("subject").get(event)).isEqualTo("user-4711");
        assertThat(FieldPath.parse("source.device").get(event)).isEqualTo("d-8842");
        assertThat(FieldPath.parse("source.version").get(event)).isEqualTo("45.3.1");
    }

    @Test
    void readsTopLevelAndNestedAttributes() {
        TelemetryEvent event = TestEvents.crashReport(nested());
        assertThat(FieldPath.parse("attributes.message").get(event)).isEqualTo("sync failed");
        assertThat(FieldPath.parse("attributes.network.ip").get(event)).isEqualTo("192.168.17.42");
        assertThat(FieldPath.parse("attributes.network").get(event)).isInstanceOf(Map.class);
    }

    @Test
    void readsNullForMissingFields() {
        TelemetryEvent alert = TestEvents.faultAlert(nested());
        assertThat(FieldPath.parse("subject").get(alert)).isNull();
        assertThat(FieldPath.parse("source.device").get(alert)).isNull();
        assertThat(FieldPath.parse("source.version").get(alert)).isNull();
        assertThat(FieldPath.parse("attributes.absent").get(alert)).isNull();
        assertThat(FieldPath.parse("attributes.network.absent").get(alert)).isNull();
        assertThat(FieldPath.parse("attributes.message.deeper").get(alert)).isNull();
        assertThat(FieldPath.parse("attributes.tags.0").get(alert)).isNull();
    }

    // update

    @Test
    void updatesSubjectAndSourceFieldsLeavingTheRestAlone() {
        TelemetryEvent event = TestEvents.crashReport(nested());

        TelemetryEvent subject = FieldPath.parse("subject").update(event, old -> "ps_" + old);
        TelemetryEvent device = FieldPath.parse("source.device").update(event, old -> "ps_" + old);
        TelemetryEvent version = FieldPath.parse("source.version").update(event, old -> "45");

        assertThat(subject.subject()).isEqualTo("ps_user-4711");
        assertThat(subject.source()).isEqualTo(event.source());
        assertThat(device.source()).isEqualTo(new Source("meet", "45.3.1", "ps_d-8842"));
        assertThat(device.subject()).isEqualTo("user-4711");
        assertThat(version.source()).isEqualTo(new Source("meet", "45", "d-8842"));
        assertThat(version.attributes()).isEqualTo(event.attributes());
    }

    @Test
    void updateTurnsNonTextResultsIntoTextForSubjectAndSource() {
        TelemetryEvent event = TestEvents.crashReport(Map.of());
        assertThat(FieldPath.parse("subject").update(event, old -> 42).subject()).isEqualTo("42");
    }

    @Test
    void updateToNullClearsSubjectAndSourceFields() {
        TelemetryEvent event = TestEvents.crashReport(Map.of());
        assertThat(FieldPath.parse("subject").update(event, old -> null).subject()).isNull();
        assertThat(FieldPath.parse("source.device").update(event, old -> null).source().device()).isNull();
        assertThat(FieldPath.parse("source.version").update(event, old -> null).source().version()).isNull();
    }

    @Test
    void updatesNestedAttributesWithoutTouchingSiblings() {
        TelemetryEvent event = TestEvents.crashReport(nested());

        TelemetryEvent updated = FieldPath.parse("attributes.network.ip").update(event, old -> "192.168.17.0");

        assertThat(updated.attributes()).containsEntry("message", "sync failed")
                .containsEntry("network", Map.of("ip", "192.168.17.0", "type", "wifi"))
                .containsEntry("tags", List.of("a", "b"));
        assertThat(event.attributes()).containsEntry("network", Map.of("ip", "192.168.17.42", "type", "wifi"));
    }

    @Test
    void updateToNullKeepsTheAttributeAsJsonNull() {
        TelemetryEvent updated = FieldPath.parse("attributes.message").update(TestEvents.crashReport(nested()), old -> null);
        assertThat(updated.attributes()).containsEntry("message", null);
    }

    @Test
    void updatedAttributesAreStillDeepImmutable() {
        TelemetryEvent updated = FieldPath.parse("attributes.network.ip").update(TestEvents.crashReport(nested()), old -> "x");
        @SuppressWarnings("unchecked")
        Map<String, Object> network = (Map<String, Object>) updated.attributes().get("network");
        assertThatThrownBy(() -> network.put("ip", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void updateLeavesMissingFieldsMissingAndReturnsTheSameEvent() {
        TelemetryEvent alert = TestEvents.faultAlert(nested());
        for (String path : List.of("subject", "source.device", "source.version", "attributes.absent",
                "attributes.network.absent", "attributes.message.deeper", "attributes.absent.deeper")) {
            assertThat(FieldPath.parse(path).update(alert, old -> "changed")).as(path).isSameAs(alert);
        }
    }

    @Test
    void updateDoesNotCallTheChangeForMissingFields() {
        TelemetryEvent alert = TestEvents.faultAlert(Map.of());
        FieldPath.parse("subject").update(alert, old -> {
            throw new AssertionError("called for a missing field");
        });
        FieldPath.parse("attributes.ip").update(alert, old -> {
            throw new AssertionError("called for a missing field");
        });
    }

    @Test
    void updateSeesAnExplicitJsonNull() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("ip", null);
        TelemetryEvent event = TestEvents.faultAlert(attributes);

        TelemetryEvent updated = FieldPath.parse("attributes.ip").update(event, old -> old == null ? "was-null" : "x");

        assertThat(updated.attributes()).containsEntry("ip", "was-null");
    }

    // remove

    @Test
    void removesSubjectAndSourceFields() {
        TelemetryEvent event = TestEvents.crashReport(Map.of());
        assertThat(FieldPath.parse("subject").remove(event).subject()).isNull();
        assertThat(FieldPath.parse("source.device").remove(event).source()).isEqualTo(new Source("meet", "45.3.1", null));
        assertThat(FieldPath.parse("source.version").remove(event).source()).isEqualTo(new Source("meet", null, "d-8842"));
    }

    @Test
    void removesTopLevelAndNestedAttributes() {
        TelemetryEvent event = TestEvents.crashReport(nested());

        assertThat(FieldPath.parse("attributes.message").remove(event).attributes())
                .doesNotContainKey("message").containsKeys("network", "tags");
        assertThat(FieldPath.parse("attributes.network.ip").remove(event).attributes())
                .containsEntry("network", Map.of("type", "wifi"));
    }

    @Test
    void removesAnAttributeHoldingJsonNull() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("ip", null);
        TelemetryEvent event = TestEvents.faultAlert(attributes);

        assertThat(FieldPath.parse("attributes.ip").remove(event).attributes()).doesNotContainKey("ip");
    }

    @Test
    void removeReturnsTheSameEventWhenTheFieldIsMissing() {
        TelemetryEvent alert = TestEvents.faultAlert(nested());
        for (String path : List.of("subject", "source.device", "source.version", "attributes.absent",
                "attributes.network.absent", "attributes.message.deeper")) {
            assertThat(FieldPath.parse(path).remove(alert)).as(path).isSameAs(alert);
        }
    }
}
