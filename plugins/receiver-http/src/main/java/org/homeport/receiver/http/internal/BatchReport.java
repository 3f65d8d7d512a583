package org.homeport.receiver.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.EventOutcome.Status;
import org.homeport.api.receiver.Outcomes;

/**
 * The outcome of every event of one request, in request order, and what HTTP answer follows
 * from it.
 */
final class BatchReport {
    /** Counting and what follows from it are the receiver SPI's, the same for every receiver. */
    private final Outcomes outcomes;

    BatchReport(List<EventOutcome> outcomes) {
        this.outcomes = Outcomes.of(outcomes);
    }

    List<EventOutcome> outcomes() {
        return outcomes.all();
    }

    int count(Status status) {
        return outcomes.count(status);
    }

    /** Deferred wins: the sender must retry those, even if others were stored. */
    boolean mustRetry() {
        return outcomes.mustRetry();
    }

    /** Nothing was stored or dropped: the request as a whole was unprocessable. */
    boolean allRejected() {
        return outcomes.allRejected();
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
            writeErrors(gen, errors());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return Buffer.buffer(out.toByteArray());
    }

    /**
     * Every event that was not accepted, in request order: {@code index}, then {@code id},
     * {@code status}, {@code reason} and {@code detail} where present. The {@code errors} member of
     * the 200/503 body and of the 422 problem.
     */
    List<Map<String, Object>> errors() {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (EventOutcome outcome : outcomes.notAccepted()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("index", outcome.index());
            putIfPresent(error, "id", outcome.eventId());
            error.put("status", outcome.status().name());
            putIfPresent(error, "reason", outcome.reason());
            putIfPresent(error, "detail", outcome.detail());
            errors.add(error);
        }
        return errors;
    }

    private static void writeErrors(JsonGenerator gen, List<Map<String, Object>> errors) throws IOException {
        gen.writeArrayFieldStart("errors");
        for (Map<String, Object> error : errors) {
            gen.writeStartObject();
            for (Map.Entry<String, Object> member : error.entrySet()) {
                if (member.getValue() instanceof Integer number) {
                    gen.writeNumberField(member.getKey(), number);
                } else {
                    gen.writeStringField(member.getKey(), (String) member.getValue());
                }
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private static void putIfPresent(Map<String, Object> error, String name, String value) {
        if (value != null) {
            error.put(name, value);
        }
    }
}
