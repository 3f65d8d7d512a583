package org.homeport.api.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.junit.jupiter.api.Test;

class AnonymizerParametersTest {

    @Test
    void unknownParametersAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> AnonymizerParameters.requireOnlyKnown("hmac", Map.of("field", "subject"), Set.of("fields")))
                .isInstanceOf(InvalidParametersException.class)
                .hasMessage("hmac: unknown parameter(s) [field]; this anonymizer takes [fields]");
    }

    @Test
    void entriesAreTrimmedInOrderWithDuplicatesAndAbsentMeansNone() throws Exception {
        assertThat(AnonymizerParameters.entries("x", Map.of("b", " 10, 1 ,10"), "b")).containsExactly("10", "1", "10");
        assertThat(AnonymizerParameters.entries("x", Map.of(), "b")).isEmpty();
    }

    @Test
    void blankValuesAndEmptyEntriesAreRefused() {
        assertThatThrownBy(() -> AnonymizerParameters.entries("x", Map.of("b", " "), "b"))
                .hasMessage("x: parameter 'b' is empty");
        assertThatThrownBy(() -> AnonymizerParameters.entries("x", Map.of("b", "1,,2"), "b"))
                .hasMessage("x: parameter 'b' has an empty entry (check for a doubled or trailing comma)");
        assertThatThrownBy(() -> AnonymizerParameters.entries("x", Map.of("b", "1,"), "b"))
                .hasMessageContaining("empty entry");
    }

    @Test
    void fieldPathsAreParsedWithoutDuplicatesAndUnknownPathsRefused() throws Exception {
        assertThat(AnonymizerParameters.fieldPaths("x", Map.of("fields", "subject, attributes.ip, subject"), "fields"))
                .containsExactly(FieldPath.parse("subject"), FieldPath.parse("attributes.ip"));
        assertThatThrownBy(() -> AnonymizerParameters.fieldPaths("x", Map.of("fields", "nonsense"), "fields"))
                .isInstanceOf(InvalidParametersException.class).hasMessageStartingWith("x: parameter 'fields': ");
    }
}
