package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.homeport.api.journal.JournalStatus;
import org.homeport.api.journal.SinkBacklog;
import org.homeport.journal.api.DeadLetterView;
import org.homeport.journal.api.JournalOperationException;
import org.homeport.journal.api.JournalOperations;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The journal for operators: its fill and each sink's backlog, a sink's dead letters, and replays
 * (of dead letters, or of a range of the journal to a sink).
 */
@Component(service = AdminRoutes.class)
public class JournalRoutes implements AdminRoutes {
    private static final Set<Role> READERS = Set.of(Role.OPERATOR, Role.AUDITOR);
    private static final Set<Role> OPERATOR = Set.of(Role.OPERATOR);

    private final JournalStatus status;
    private final JournalOperations operations;

    @Activate
    public JournalRoutes(@Reference JournalStatus status, @Reference JournalOperations operations) {
        this.status = status;
        this.operations = operations;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.people(HttpMethod.GET, "/admin/v1/journal", READERS, request -> Reply.json(status())),
                Route.people(HttpMethod.GET, "/admin/v1/journal/dead-letters/{sink}", READERS, request -> {
                    int max = (int) number(request.query("max", "100"), "max", 1, 10_000);
                    return Reply.items(deadLetters(call(() -> operations.deadLetters(request.path("sink"), max))));
                }),
                Route.people(HttpMethod.POST, "/admin/v1/journal/dead-letters/{sink}/replay", OPERATOR, request -> {
                    int replayed = call(() -> operations.replayDeadLetters(request.path("sink")));
                    return Reply.json(new JsonObject().put("sink", request.path("sink")).put("replayed", replayed));
                }),
                Route.people(HttpMethod.POST, "/admin/v1/journal/replay", OPERATOR, request -> {
                    JsonObject body = request.json();
                    for (String field : body.fieldNames()) {
                        if (!Set.of("sink", "source", "from", "to", "max").contains(field)) {
                            throw Problem.badRequest("unknown-field", "a replay has no field '" + field
                                    + "'; it takes sink, source, from, to and max");
                        }
                    }
                    String sink = Json.requiredString(body, "sink");
                    String source = Json.optionalString(body, "source");
                    JournalOperations.Range range = operations.range();
                    long from = optionalNumber(body, "from", range.first());
                    long to = optionalNumber(body, "to", range.last());
                    long max = optionalNumber(body, "max", 1_000_000);
                    long replayed = call(() -> operations.replay(sink, source == null ? sink : source, from, to, max));
                    return Reply.json(new JsonObject().put("sink", sink).put("source", source == null ? sink : source)
                            .put("from", from).put("to", to).put("replayed", replayed));
                }));
    }

    private JsonObject status() {
        JournalOperations.Range range = operations.range();
        JsonArray sinks = new JsonArray();
        for (SinkBacklog backlog : status.backlog()) {
            sinks.add(new JsonObject().put("sink", backlog.sink()).put("state", backlog.state())
                    .put("events", backlog.events()).put("bytes", backlog.bytes())
                    .put("oldestSeconds", backlog.oldest().toSeconds()).put("deadLetters", backlog.deadLetters())
                    .put("lastError", backlog.lastError()));
        }
        return new JsonObject().put("usedBytes", status.usedBytes()).put("quotaBytes", status.quotaBytes())
                .put("firstSequence", range.first()).put("lastSequence", range.last()).put("sinks", sinks);
    }

    private static JsonArray deadLetters(List<DeadLetterView> letters) {
        JsonArray items = new JsonArray();
        for (DeadLetterView letter : letters) {
            items.add(new JsonObject().put("sequence", letter.sequence()).put("deadAt", Json.instant(letter.deadAt()))
                    .put("reason", letter.reason()).put("eventId", letter.eventId()).put("type", letter.type())
                    .put("purpose", letter.purpose()).put("time", Json.instant(letter.occurredAt())));
        }
        return items;
    }

    private static long number(String text, String field, long min, long max) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.badRequest("invalid-field", "'" + field + "' must be a whole number from " + min + " to " + max);
    }

    private static long optionalNumber(JsonObject body, String field, long fallback) {
        Object value = body.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number) || number.doubleValue() != number.longValue() || number.longValue() < 1) {
            throw Problem.badRequest("invalid-field", "'" + field + "' must be a positive whole number");
        }
        return number.longValue();
    }

    private static <T> T call(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (JournalOperationException e) {
            switch (e.kind()) {
                case NOT_FOUND:
                    throw Problem.notFound(e.getMessage());
                case INVALID:
                    throw Problem.badRequest("invalid-replay", e.getMessage());
                case FULL:
                    throw new Problem(429, "journal-full", "Too many requests", e.getMessage());
                default:
                    throw new Problem(503, "journal-unavailable", "Service unavailable", e.getMessage());
            }
        }
    }
}
