package org.homeport.api.anonymize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnonymizerRefTest {

    @Test
    void refusesABlankName() {
        assertThatThrownBy(() -> new AnonymizerRef(" ", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("anonymizer name must not be blank");
    }

    @Test
    void parametersAreAnImmutableCopyAndNullMeansNone() {
        Map<String, String> parameters = new HashMap<>(Map.of("fields", "subject"));
        AnonymizerRef ref = new AnonymizerRef("hmac", parameters);
        parameters.put("fields", "source.device");

        assertThat(ref.parameters()).containsExactly(Map.entry("fields", "subject"));
        assertThat(new AnonymizerRef("redact-emails", null).parameters()).isEmpty();
    }
}
