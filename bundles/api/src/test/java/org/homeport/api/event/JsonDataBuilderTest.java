package org.homeport.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDataBuilderTest {

    private static Map<String, Object> built() {
        List<Object> frames = JsonData.arrayBuilder().add(1L).add(2.5).add(null).build();
        Map<String, Object> stats = JsonData.objectBuilder().put("frames", frames).build();
        return JsonData.objectBuilder().put("os", "linux").put("stats", stats).put("ok", true).build();
    }

    @Test
    void aBuiltObjectIsKeptAsItIsByFreezeAndByTheEvent() {
        Map<String, Object> attributes = built();

        assertThat(JsonData.freeze(attributes)).isSameAs(attributes);
        TelemetryEvent event = TestEvents.crashReport(attributes);
        assertThat(event.attributes()).isSameAs(attributes);
        assertThat(event.withSubject("other").attributes()).isSameAs(attributes);
    }

    @Test
    void builtValuesNestedInABuiltObjectAreSharedNotCopied() {
        List<Object> frames = JsonData.arrayBuilder().add("a").build();
        Map<String, Object> stats = JsonData.objectBuilder().put("frames", frames).build();
        Map<String, Object> root = JsonData.objectBuilder().put("stats", stats).build();

        assertThat(root.get("stats")).isSameAs(stats);
        assertThat(stats.get("frames")).isSameAs(frames);
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatABuilderHandsOutIsImmutableAtEveryLevel() {
        Map<String, Object> root = built();
        Map<String, Object> stats = (Map<String, Object>) root.get("stats");
        List<Object> frames = (List<Object>) stats.get("frames");

        assertThat(root).containsExactly(Map.entry("os", "linux"), Map.entry("stats", stats), Map.entry("ok", true));
        assertThat(frames).containsExactly(1L, 2.5, null);
        assertThatThrownBy(() -> root.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> root.entrySet().iterator().next().setValue("y"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stats.remove("frames")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frames.set(0, 3L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frames.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aBuilderCannotChangeWhatItBuilt() {
        JsonData.ObjectBuilder object = JsonData.objectBuilder().put("a", 1L);
        Map<String, Object> built = object.build();
        JsonData.ArrayBuilder array = JsonData.arrayBuilder().add(1L);
        List<Object> builtArray = array.build();

        assertThatThrownBy(() -> object.put("b", 2L)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> object.remove("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> array.add(2L)).isInstanceOf(IllegalStateException.class);
        assertThat(object.build()).isSameAs(built).containsExactly(Map.entry("a", 1L));
        assertThat(array.build()).isSameAs(builtArray).containsExactly(1L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void plainMapsAndListsPutIntoABuilderAreFrozenCopies() {
        Map<String, Object> plain = new LinkedHashMap<>(Map.of("k", "v"));
        List<Object> list = new ArrayList<>(List.of("a"));
        Map<String, Object> root = JsonData.objectBuilder().put("map", plain).put("list", list).build();

        plain.put("k", "changed");
        list.add("b");

        assertThat((Map<String, Object>) root.get("map")).containsExactly(Map.entry("k", "v"));
        assertThat((List<Object>) root.get("list")).containsExactly("a");
        assertThatThrownBy(() -> ((Map<String, Object>) root.get("map")).put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesWhatIsNoJsonValue() {
        assertThatThrownBy(() -> JsonData.objectBuilder().put(null, 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonData.objectBuilder().put("x", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonData.arrayBuilder().add(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growsAnArrayPastItsFirstCapacityAndKeepsTheOrder() {
        JsonData.ArrayBuilder array = JsonData.arrayBuilder();
        for (long i = 0; i < 20; i++) {
            array.add(i);
        }
        assertThat(array.size()).isEqualTo(20);
        assertThat(array.build()).hasSize(20).startsWith(0L, 1L).endsWith(19L);
    }

    @Test
    void aRemovedFieldLeavesOneFrozenCopyThatTheEventKeeps() {
        TelemetryEvent event = TestEvents.crashReport(Map.of("trace_id", "t", "os", "linux", "nested", Map.of("k", "v")));

        TelemetryEvent dropped = FieldPath.parse("attributes.trace_id").remove(event);

        assertThat(dropped.attributes()).containsOnlyKeys("os", "nested");
        assertThat(JsonData.freeze(dropped.attributes())).isSameAs(dropped.attributes());
        assertThat(dropped.attributes().get("nested")).isSameAs(event.attributes().get("nested"));
    }
}
