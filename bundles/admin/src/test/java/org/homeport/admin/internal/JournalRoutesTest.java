package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.homeport.api.journal.JournalStatus;
import org.homeport.api.journal.SinkBacklog;
import org.homeport.journal.api.DeadLetterView;
import org.homeport.journal.api.JournalOperationException;
import org.homeport.journal.api.JournalOperations;
import org.junit.jupiter.api.Test;

class JournalRoutesTest {
    private final List<String> replays = new ArrayList<>();

    private final JournalStatus status = new JournalStatus() {
        @Override
        public long usedBytes() {
            return 2048;
        }

        @Override
        public long quotaBytes() {
            return 4096;
        }

        @Override
        public List<SinkBacklog> backlog() {
            return List.of(new SinkBacklog("es", 12, 3400, Duration.ofSeconds(75), 1, "retrying", "connection refused"));
        }
    };

    private final JournalOperations operations = new JournalOperations() {
        @Override
        public Range range() {
            return new Range(3, 40);
        }

        @Override
        public List<DeadLetterView> deadLetters(String sink, int max) {
            if (!sink.equals("es")) {
                throw new JournalOperationException(JournalOperationException.Kind.NOT_FOUND, "no sink named '" + sink + "'");
            }
            return List.of(new DeadLetterView("es", 1, Instant.parse("2026-12-03T10:00:00Z"), "mapping conflict", "e-1",
                    "app.error", "crash-reports", Instant.parse("2026-12-03T09:59:00Z")));
        }

        @Override
        public int replayDeadLetters(String sink) {
            return 1;
        }

        @Override
        public long replay(String sink, String source, long from, long to, long maxEvents) {
            if (sink.equals("full")) {
                throw new JournalOperationException(JournalOperationException.Kind.FULL, "the journal is full");
            }
            replays.add(sink + "<-" + source + " " + from + ".." + to + " max " + maxEvents);
            return 7;
        }
    };

    private Route route(HttpMethod method, String template) {
        return new JournalRoutes(status, operations).routes().stream()
                .filter(r -> r.method().equals(method) && r.template().equals(template)).findFirst().orElseThrow();
    }

    private static AdminRequest request(Map<String, String> path, MultiMap query, String body) {
        return new AdminRequest(null, null, path, query, MultiMap.caseInsensitiveMultiMap(),
                body == null ? Buffer.buffer() : Buffer.buffer(body));
    }

    @Test
    void theStatusShowsFillRangeAndEachSinksBacklog() throws Exception {
        Reply reply = route(HttpMethod.GET, "/admin/v1/journal").handler()
                .handle(request(Map.of(), MultiMap.caseInsensitiveMultiMap(), null));

        JsonObject body = new JsonObject(reply.body());
        assertThat(body.getLong("usedBytes")).isEqualTo(2048);
        assertThat(body.getLong("lastSequence")).isEqualTo(40);
        JsonObject es = body.getJsonArray("sinks").getJsonObject(0);
        assertThat(es.getString("state")).isEqualTo("retrying");
        assertThat(es.getLong("oldestSeconds")).isEqualTo(75);
        assertThat(es.getString("lastError")).isEqualTo("connection refused");
    }

    @Test
    void deadLettersNameTheEventNotItsContentAndAnUnknownSinkIs404() throws Exception {
        Route list = route(HttpMethod.GET, "/admin/v1/journal/dead-letters/{sink}");
        Reply reply = list.handler().handle(request(Map.of("sink", "es"), MultiMap.caseInsensitiveMultiMap(), null));

        assertThat(reply.body().toString()).contains("\"eventId\":\"e-1\"").contains("\"reason\":\"mapping conflict\"")
                .doesNotContain("attributes");
        assertThatThrownBy(() -> list.handler().handle(request(Map.of("sink", "nope"), MultiMap.caseInsensitiveMultiMap(),
                null))).isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(404));
        assertThatThrownBy(() -> list.handler().handle(request(Map.of("sink", "es"),
                MultiMap.caseInsensitiveMultiMap().add("max", "0"), null)))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
    }

    @Test
    void aReplayDefaultsToTheWholeJournalAndRefusesUnknownFieldsAndAFullJournal() throws Exception {
        Route replay = route(HttpMethod.POST, "/admin/v1/journal/replay");

        Reply reply = replay.handler().handle(request(Map.of(), MultiMap.caseInsensitiveMultiMap(), "{\"sink\":\"es\"}"));

        assertThat(new JsonObject(reply.body()).getLong("replayed")).isEqualTo(7);
        assertThat(replays).containsExactly("es<-es 3..40 max 1000000");
        assertThatThrownBy(() -> replay.handler().handle(request(Map.of(), MultiMap.caseInsensitiveMultiMap(),
                "{\"sink\":\"es\",\"form\":3}"))).isInstanceOfSatisfying(Problem.class,
                        p -> assertThat(p.slug()).isEqualTo("unknown-field"));
        assertThatThrownBy(() -> replay.handler().handle(request(Map.of(), MultiMap.caseInsensitiveMultiMap(),
                "{\"sink\":\"es\",\"from\":-2}"))).isInstanceOfSatisfying(Problem.class,
                        p -> assertThat(p.status()).isEqualTo(400));
        assertThatThrownBy(() -> replay.handler().handle(request(Map.of(), MultiMap.caseInsensitiveMultiMap(),
                "{\"sink\":\"full\"}"))).isInstanceOfSatisfying(Problem.class,
                        p -> assertThat(p.status()).isEqualTo(429));
    }
}
