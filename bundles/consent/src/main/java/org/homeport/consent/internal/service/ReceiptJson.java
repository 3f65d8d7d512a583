package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.homeport.consent.api.SubjectDataReport;

/** The per-sink part of a data-subject request's receipt. */
final class ReceiptJson {
    private ReceiptJson() {
    }

    static JsonObject report(SubjectDataReport report) {
        JsonArray sinks = new JsonArray();
        report.sinks().forEach(sink -> sinks.add(new JsonObject()
                .put("sink", sink.sink())
                .put("outcome", sink.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .put("events", sink.events())
                .put("error", sink.error())));
        return new JsonObject().put("events", report.events()).put("complete", report.complete()).put("sinks", sinks);
    }
}
