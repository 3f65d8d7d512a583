package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

class AllowFieldsAnonymizerTest {
    private final AllowFieldsAnonymizer anonymizer = new AllowFieldsAnonymizer();

    @Test
    void keepsOnlyListedTopLevelAndNestedAttributes() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.os, attributes.app.version"));
        TelemetryEvent event = Events.event(Map.of(
                "os", "linux",
                "app", Map.of("version", "1.2", "user", "alice"),
                "email", "alice@example.org"));

        assertThat(step.apply(event).attributes())
                .isEqualTo(Map.of("os", "linux", "app", Map.of("version", "1.2")));
    }

    @Test
    void listedParentKeepsItsWholeSubtree() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.app, attributes.app.version"));
        Map<String, Object> app = Map.of("version", "1.2", "build", Map.of("id", 7), "tags", List.of("a"));
        TelemetryEvent event = Events.event(Map.of("app", app, "other", 1));

        assertThat(step.apply(event).attributes()).isEqualTo(Map.of("app", app));
    }

    @Test
    void removesObjectsThatHoldNoneOfTheListedChildrenAndNonObjectsOnTheWay() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.a.b, attributes.c.d"));
        TelemetryEvent event = Events.event(Map.of("a", Map.of("x", 1), "c", "not an object"));

        assertThat(step.apply(event).attributes()).isEmpty();
    }

    @Test
    void doesNotTouchSubjectOrSource() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.os"));
        TelemetryEvent result = step.apply(Events.event(Map.of("os", "linux", "ip", "10.0.0.1")));

        assertThat(result.subject()).isEqualTo("user-4711");
        assertThat(result.source().device()).isEqualTo("d-8842");
        assertThat(result.attributes()).isEqualTo(Map.of("os", "linux"));
    }

    @Test
    void returnsSameEventWhenEverythingIsAllowed() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.os, attributes.app.version"));
        TelemetryEvent event = Events.event(Map.of("os", "linux", "app", Map.of("version", "1.2")));

        assertThat(step.apply(event)).isSameAs(event);
    }

    @Test
    void refusesNonAttributePaths() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("fields", "attributes.os, subject")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("attribute paths only")
                .hasMessageContaining("'subject'");
    }

    @Test
    void requiresFields() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of("other", "x")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("unknown parameter(s) [other]");
    }
}
