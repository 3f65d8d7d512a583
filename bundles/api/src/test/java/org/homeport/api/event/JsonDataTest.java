package org.homeport.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDataTest {

    private static Map<String, Object> mutableTree() {
        List<Object> frames = new ArrayList<>(List.of(1, 2));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("frames", frames);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("stats", inner);
        root.put("list", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("k", "v")))));
        return root;
    }

    @Test
    @SuppressWarnings("unchecked")
    void frozenCopyIsImmutableAtEveryLevel() {
        Map<String, Object> frozen = JsonData.freeze(mutableTree());

        Map<String, Object> stats = (Map<String, Object>) frozen.get("stats");
        List<Object> frames = (List<Object>) stats.get("frames");
        Map<String, Object> inList = (Map<String, Object>) ((List<Object>) frozen.get("list")).get(0);

        assertThatThrownBy(() -> frozen.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stats.remove("frames")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frames.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> inList.put("k", "w")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void laterChangesToTheOriginalDoNotReachTheFrozenCopy() {
        Map<String, Object> original = mutableTree();
        Map<String, Object> frozen = JsonData.freeze(original);

        original.put("added", true);
        ((List<Object>) ((Map<String, Object>) original.get("stats")).get("frames")).add(3);

        assertThat(frozen).doesNotContainKey("added");
        assertThat(((Map<String, Object>) frozen.get("stats")).get("frames")).isEqualTo(List.of(1, 2));
    }

    @Test
    void keepsKeyOrder() {
        Map<String, Object> original = new LinkedHashMap<>();
        original.put("z", 1);
        original.put("a", 2);
        original.put("m", 3);
        assertThat(JsonData.freeze(original).keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void acceptsEveryJsonKindIncludingNullValues() {
        Map<String, Object> original = new LinkedHashMap<>();
        original.put("string", "s");
        original.put("int", 1);
        original.put("long", 1L);
        original.put("double", 1.5);
        original.put("decimal", new BigDecimal("12345678901234567890.5"));
        original.put("boolean", true);
        original.put("null", null);
        original.put("list", Collections.singletonList(null));
        original.put("object", new HashMap<>());

        Map<String, Object> frozen = JsonData.freeze(original);

        assertThat(frozen).isEqualTo(original).containsEntry("null", null);
    }

    @Test
    void refusesValuesThatAreNotJsonNamingTheirClass() {
        assertThatThrownBy(() -> JsonData.freeze(Map.of("when", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON value: java.time.Instant");
    }

    @Test
    void refusesNonJsonValuesHiddenDeepInside() {
        Map<String, Object> original = Map.of("outer", List.of(Map.of("inner", new Object())));
        assertThatThrownBy(() -> JsonData.freeze(original))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON value: java.lang.Object");
    }

    @Test
    void refusesNullKeys() {
        Map<String, Object> original = new HashMap<>();
        original.put(null, "value");
        assertThatThrownBy(() -> JsonData.freeze(original))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JSON object keys must not be null");
    }

    @Test
    void returnsAnAlreadyFrozenMapAsIs() {
        Map<String, Object> frozen = JsonData.freeze(mutableTree());
        assertThat(JsonData.freeze(frozen)).isSameAs(frozen);
    }

    @Test
    void copiesAnUnmodifiableMapWhoseChildrenAreStillMutable() {
        Map<String, Object> child = new LinkedHashMap<>(Map.of("k", "v"));
        Map<String, Object> shallow = Collections.unmodifiableMap(new LinkedHashMap<>(Map.of("child", child)));

        Map<String, Object> frozen = JsonData.freeze(shallow);
        child.put("k", "changed");

        assertThat(frozen).isNotSameAs(shallow).containsEntry("child", Map.of("k", "v"));
    }

    @Test
    void copiesImmutableCollectionsOfOtherKinds() {
        Map<String, Object> immutable = Map.of("k", List.of("v"));
        Map<String, Object> frozen = JsonData.freeze(immutable);
        assertThat(frozen).isEqualTo(immutable);
        assertThat(JsonData.freeze(frozen)).isSameAs(frozen);
    }

    @Test
    void eventAttributesAreFrozenOnConstruction() {
        Map<String, Object> attributes = new LinkedHashMap<>(Map.of("message", "sync failed"));
        TelemetryEvent event = TestEvents.crashReport(attributes);
        attributes.put("message", "changed");

        assertThat(event.attributes()).containsEntry("message", "sync failed");
        assertThatThrownBy(() -> event.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eventsDerivedWithUnchangedAttributesShareThem() {
        TelemetryEvent event = TestEvents.crashReport(mutableTree());
        assertThat(event.withSubject(null).attributes()).isSameAs(event.attributes());
    }

    @Test
    void anUnmodifiableViewIsCopiedBecauseItsBackingMapCanStillChange() {
        Map<String, Object> backing = new LinkedHashMap<>(Map.of("k", "v"));
        Map<String, Object> frozen = JsonData.freeze(Collections.unmodifiableMap(backing));

        backing.put("k", "changed");

        assertThat(frozen).containsEntry("k", "v");
    }

    @Test
    void refusesNumbersJsonCannotWrite() {
        assertThatThrownBy(() -> JsonData.freeze(Map.of("n", Double.NaN))).hasMessage("not a JSON number: NaN");
        assertThatThrownBy(() -> JsonData.freeze(Map.of("n", Float.POSITIVE_INFINITY)))
                .hasMessage("not a JSON number: Infinity");
    }
}
