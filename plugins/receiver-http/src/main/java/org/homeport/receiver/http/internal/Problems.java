package org.homeport.receiver.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Renders RFC 9457 {@code application/problem+json} bodies. */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";

    private final JsonFactory json;

    Problems(JsonFactory json) {
        this.json = json;
    }

    Buffer render(Problem problem, String detail) {
        return write(problem, detail, null);
    }

    /** The 422 answer: every event was rejected; {@code errors} lists why, one entry per event. */
    Buffer renderRejected(BatchReport report) {
        return write(Problem.EVENTS_REJECTED, "no event in the request was accepted", report);
    }

    private Buffer write(Problem problem, String detail, BatchReport errors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("type", problem.type());
            gen.writeStringField("title", problem.title());
            gen.writeNumberField("status", problem.status());
            if (detail != null) {
                gen.writeStringField("detail", detail);
            }
            if (errors != null) {
                errors.writeErrors(gen);
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return Buffer.buffer(out.toByteArray());
    }
}
