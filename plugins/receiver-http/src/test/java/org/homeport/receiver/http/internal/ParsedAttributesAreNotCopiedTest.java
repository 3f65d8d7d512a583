package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.JsonData;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

/**
 * What the parser builds is already deep-immutable, so the attributes reach the intake as the very
 * objects the parser made: no copy between the parser and the {@link TelemetryEvent}.
 */
class ParsedAttributesAreNotCopiedTest {
    private static final DevicePrincipal DEVICE = new DevicePrincipal("tenant-a", "key-id", Set.of());
    private static final String BODY = "[{\"type\":\"app.start\",\"purpose\":\"p\",\"source\":{\"product\":\"meet\"},"
            + "\"attributes\":{\"os\":\"linux\",\"stats\":{\"frames\":[1,2.5,{\"k\":null}]},\"ok\":true}}]";

    private final List<EventStreamParser.RawEvent> events = new ArrayList<>();

    private Map<?, ?> parseOne() throws ProblemException {
        EventStreamParser parser = new EventStreamParser(new JsonFactory(), 16, 10, 1000, events::add);
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        parser.finish();
        assertThat(events).hasSize(1);
        return (Map<?, ?>) events.get(0).value();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEventCarriesTheAttributesTheParserBuiltNotACopy() throws Exception {
        Map<?, ?> parsed = parseOne();
        Map<String, Object> parsedAttributes = (Map<String, Object>) parsed.get("attributes");

        TelemetryEvent event = new EventMapper(() -> "id-1").map(events.get(0), DEVICE, Instant.now());

        assertThat(event.attributes()).isSameAs(parsedAttributes);
        assertThat(event.attributes().get("stats")).isSameAs(parsedAttributes.get("stats"));
        assertThat(event.attributes()).containsEntry("os", "linux").containsEntry("ok", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatTheParserBuildsIsFrozenAtEveryLevel() throws Exception {
        Map<String, Object> parsed = (Map<String, Object>) parseOne();
        Map<String, Object> attributes = (Map<String, Object>) parsed.get("attributes");
        Map<String, Object> stats = (Map<String, Object>) attributes.get("stats");
        List<Object> frames = (List<Object>) stats.get("frames");

        assertThat(JsonData.freeze(parsed)).isSameAs(parsed);
        assertThat(JsonData.freeze(attributes)).isSameAs(attributes);
        assertThat(frames).hasSize(3).startsWith(1L, 2.5);
        assertThat((Map<String, Object>) frames.get(2)).containsEntry("k", null);
        assertThatThrownBy(() -> attributes.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> stats.remove("frames")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frames.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) frames.get(2)).put("k", "v"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attributes.entrySet().iterator().next().setValue("v"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
