package org.homeport.receiver.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.EventOutcome.Status;

/**
 * The outcome of every event of one request, in request order, and what HTTP answer follows
 * from it.
 */
final class BatchReport {
    private final List<EventOutcome> outcomes;
    private final Map<Status, Integer> counts = new EnumMap<>(Status.class);

    BatchReport(List<EventOutcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
        for (Status status : Status.values()) {
            counts.put(status, 0);
        }
        for (EventOutcome outcome : this.outcomes) {
            counts.merge(outcome.status(), 1, Integer::sum);
        }
    }

    List<EventOutcome> outcomes() {
        return outcomes;
    }

    int count(Status status) {
        return counts.get(status);
    }

    /** Deferred wins: the sender must retry those, even if others were stored. */
    boolean mustRetry() {
        return count(Status.DEFERRED) > 0;
    }

    /** Nothing was stored or dropped: the request as a whole was unprocessable. */
    boolean allRejected() {
        return count(Status.REJECTED) > 0 && count(Status.ACCEPTED) == 0 && count(Status.DROPPED) == 0
                && count(Status.DEFERRED) == 0;
    }

    /** The {@code 200}/{@code 503} body: counts plus every event that was not accepted. */
    Buffer toJson(JsonFactory json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeNumberField("accepted", count(Status.ACCEPTED));
            gen.writeNumberField("dropped", count(Status.DROPPED));
            gen.writeNumberField("rejected", count(Status.REJECTED));
            gen.writeNumberField("deferred", count(Status.DEFERRED));
            writeErrors(gen);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return Buffer.buffer(out.toByteArray());
    }

    void writeErrors(JsonGenerator gen) throws IOException {
        gen.writeArrayFieldStart("errors");
        for (EventOutcome outcome : outcomes) {
            if (outcome.status() == Status.ACCEPTED) {
                continue;
            }
            gen.writeStartObject();
            gen.writeNumberField("index", outcome.index());
            writeIfPresent(gen, "id", outcome.eventId());
            gen.writeStringField("status", outcome.status().name());
            writeIfPresent(gen, "reason", outcome.reason());
            writeIfPresent(gen, "detail", outcome.detail());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void writeIfPresent(JsonGenerator gen, String name, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(name, value);
        }
    }
}
