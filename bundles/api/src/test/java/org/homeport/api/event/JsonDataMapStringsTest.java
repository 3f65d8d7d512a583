package org.homeport.api.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDataMapStringsTest {

    @Test
    void changesStringsAtAnyDepthAndSharesWhatDidNotChange() {
        Map<String, Object> untouched = Map.of("n", 1);
        Map<String, Object> value = JsonData.freeze(Map.of("a", "secret", "b", List.of("x", Map.of("c", "secret")),
                "d", untouched));

        @SuppressWarnings("unchecked")
        Map<String, Object> changed = (Map<String, Object>) JsonData.mapStrings(value,
                text -> text.equals("secret") ? "[gone]" : text, 32, "[too-deep]");

        assertThat(changed).containsEntry("a", "[gone]");
        assertThat(changed.get("b")).isEqualTo(List.of("x", Map.of("c", "[gone]")));
        assertThat(changed.get("d")).isSameAs(value.get("d"));
    }

    @Test
    void returnsTheSameValueWhenNothingChanges() {
        Map<String, Object> value = JsonData.freeze(Map.of("a", List.of("x", "y")));
        assertThat(JsonData.mapStrings(value, text -> text, 32, null)).isSameAs(value);
    }

    @Test
    void containersDeeperThanTheLimitAreReplaced() {
        Object value = Map.of("l1", Map.of("l2", Map.of("l3", "kept?")));
        assertThat(JsonData.mapStrings(value, text -> text, 2, "[too-deep]"))
                .isEqualTo(Map.of("l1", Map.of("l2", "[too-deep]")));
    }
}
