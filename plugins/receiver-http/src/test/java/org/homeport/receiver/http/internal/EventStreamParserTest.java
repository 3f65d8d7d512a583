package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStreamParserTest {
    private final List<EventStreamParser.RawEvent> events = new ArrayList<>();
    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(20).build())
            .build();

    private EventStreamParser parser(int maxDepth, int maxEvents) {
        return new EventStreamParser(json, maxDepth, maxEvents, 20, events::add);
    }

    private void parseByteByByte(EventStreamParser parser, String body) throws ProblemException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }
        parser.finish();
    }

    @Test
    void buildsEventsFromAnArrayFedOneByteAtATime() throws Exception {
        parseByteByByte(parser(16, 10), "[{\"a\":{\"b\":[1,2.5,\"ü\"]}},{\"c\":null}]");

        assertThat(events).extracting(EventStreamParser.RawEvent::value).containsExactly(
                Map.of("a", Map.of("b", List.of(1L, 2.5, "ü"))), java.util.Collections.singletonMap("c", null));
        assertThat(events).extracting(EventStreamParser.RawEvent::index).containsExactly(0, 1);
    }

    @Test
    void buildsEventsFromNdjsonAndFromConcatenatedObjects() throws Exception {
        parseByteByByte(parser(16, 10), "{\"n\":1}\n{\"n\":2}\r\n{\"n\":3}{\"n\":4}");

        assertThat(events).hasSize(4);
    }

    @Test
    void countsEveryJsonValueOfAnEventAndOfTheRequest() throws Exception {
        // the event object, its array and three values: 5; keys are not values
        parseByteByByte(new EventStreamParser(json, 16, 10, 20, 5, 10, events::add), "{\"a\":[1,{},[]]}{\"b\":[1,2,3]}");
        assertThat(events).hasSize(2);

        assertThatThrownBy(() -> parseByteByByte(new EventStreamParser(json, 16, 10, 20, 5, 100, events::add),
                "{\"a\":[[],[],[],[]]}"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_VALUES);
                    assertThat(e.detail()).contains("event 0").contains("max.values.per.event");
                });
        assertThatThrownBy(() -> parseByteByByte(new EventStreamParser(json, 16, 10, 20, 5, 10, events::add),
                "[{\"a\":[1,2,3]},{\"b\":[1,2,3]},{\"c\":1}]"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_VALUES);
                    assertThat(e.detail()).contains("max.values.per.request");
                });
    }

    @Test
    void countsTheEventObjectAsDepthOne() throws Exception {
        parseByteByByte(parser(2, 10), "[{\"a\":{}}]");
        assertThat(events).hasSize(1);

        assertThatThrownBy(() -> parseByteByByte(parser(2, 10), "{\"a\":{\"b\":[]}}"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.NESTING_TOO_DEEP));
    }

    @Test
    void refusesTheEventOneOverTheLimitBeforeItIsRead() throws Exception {
        EventStreamParser parser = parser(16, 2);
        byte[] body = "[{},{},{".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.feed(body, 0, body.length))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_EVENTS));
    }

    @Test
    void marksAnEventWithARepeatedKey() throws Exception {
        parseByteByByte(parser(16, 10), "[{\"type\":\"a\",\"type\":\"b\"},{\"attributes\":{\"k\":1,\"k\":2}}]");

        assertThat(events).extracting(EventStreamParser.RawEvent::duplicateField).containsExactly("type", "attributes");
    }

    @Test
    void refusesTooLongStringsAndFieldNames() {
        assertThatThrownBy(() -> parseByteByByte(parser(16, 10), "[{\"a\":\"" + "x".repeat(21) + "\"}]"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.STRING_TOO_LONG));
    }

    @Test
    void refusesBodiesThatAreNotEventsWithAPositionOnly() {
        assertThatThrownBy(() -> parseByteByByte(parser(16, 10), "\"just a string\""))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED_JSON));
        assertThatThrownBy(() -> parseByteByByte(parser(16, 10), "[{}] [{}]"))
                .hasMessageContaining("after the array");
        assertThatThrownBy(() -> parseByteByByte(parser(16, 10), "{}\n[]"))
                .hasMessageContaining("expected an event object");
        assertThatThrownBy(() -> parseByteByByte(parser(16, 10), "[{\"a\": password123}]"))
                .hasMessageContaining("line 1, column").hasMessageNotContaining("password");
    }

    @Test
    void reportsNoEventsForAnEmptyBodyOrArray() {
        assertThatThrownBy(() -> parseByteByByte(parser(16, 10), "  "))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_EVENTS));
        assertThatThrownBy(() -> parseByteByByte(parser(16, 10), "[]"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_EVENTS));
    }
}
