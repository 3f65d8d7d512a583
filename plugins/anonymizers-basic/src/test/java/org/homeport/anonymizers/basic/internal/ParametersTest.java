package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.junit.jupiter.api.Test;

class ParametersTest {

    @Test
    void parsesCommaSeparatedFieldsTrimmedAndWithoutDuplicates() throws Exception {
        assertThat(Parameters.fields("x", Map.of("fields", " subject , attributes.a.b,subject"), true))
                .containsExactly(FieldPath.parse("subject"), FieldPath.parse("attributes.a.b"));
    }

    @Test
    void missingRequiredFieldsNamesTheParameter() {
        assertThatThrownBy(() -> Parameters.fields("drop-fields", Map.of(), true))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("drop-fields")
                .hasMessageContaining("'fields' is required");
    }

    @Test
    void missingOptionalFieldsMeansNone() throws Exception {
        assertThat(Parameters.fields("x", Map.of(), false)).isEmpty();
    }

    @Test
    void blankOrEmptyEntriesAreRefused() {
        assertThatThrownBy(() -> Parameters.fields("x", Map.of("fields", "  "), false))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("'fields' is empty");
        assertThatThrownBy(() -> Parameters.fields("x", Map.of("fields", "subject,"), true))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("empty entry");
    }

    @Test
    void unknownFieldPathIsExplained() {
        assertThatThrownBy(() -> Parameters.fields("x", Map.of("fields", "source.product"), true))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("'fields'")
                .hasMessageContaining("unknown field path 'source.product'");
    }

    @Test
    void unknownParameterNamesAreRefused() {
        assertThatThrownBy(() -> Parameters.requireOnlyKnown("hmac", Map.of("field", "subject"), Set.of("fields")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("unknown parameter(s) [field]")
                .hasMessageContaining("[fields]");
    }
}
