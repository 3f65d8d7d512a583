package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

class DropFieldsAnonymizerTest {
    private final DropFieldsAnonymizer anonymizer = new DropFieldsAnonymizer();

    @Test
    void removesSubjectSourceFieldsAndNestedAttributes() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "subject, source.device, attributes.user.email"));
        TelemetryEvent event = Events.event(Map.of("user", Map.of("email", "a@b.example", "plan", "pro"), "n", 1));

        TelemetryEvent result = step.apply(event);

        assertThat(result.subject()).isNull();
        assertThat(result.source().device()).isNull();
        assertThat(result.source().version()).isEqualTo("45.3.1");
        assertThat(result.attributes()).isEqualTo(Map.of("user", Map.of("plan", "pro"), "n", 1));
    }

    @Test
    void leavesEventUnchangedWhenFieldsAreAbsent() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.missing"));
        TelemetryEvent event = Events.event(Map.of("n", 1));

        assertThat(step.apply(event)).isSameAs(event);
    }

    @Test
    void requiresFields() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of()))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("'fields' is required");
    }
}
