package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.homeport.consent.api.SubjectDataReport;

/** The per-sink part of a data-subject request's receipt. */
final class ReceiptJson {
    private ReceiptJson() {
    }

    /**
     * {@code status} is {@code done} only when every sink was searched and every form the subject's
     * data may be stored in could be rebuilt; otherwise {@code partial}, and {@code notSearched} says
     * what was not looked at (a sink that cannot search, an anonymizer that is missing).
     */
    static JsonObject report(SubjectDataReport report, List<String> notSearched) {
        JsonArray sinks = new JsonArray();
        JsonArray missed = new JsonArray();
        report.sinks().forEach(sink -> {
            sinks.add(new JsonObject()
                    .put("sink", sink.sink())
                    .put("outcome", sink.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .put("events", sink.events())
                    .put("error", sink.error()));
            switch (sink.outcome()) {
                case UNSUPPORTED -> missed.add("sink '" + sink.sink() + "' cannot search for a subject's events;"
                        + " what it holds must be handled by hand");
                case FAILED -> missed.add("sink '" + sink.sink() + "' failed: " + sink.error());
                default -> {
                }
            }
        });
        notSearched.forEach(missed::add);
        boolean complete = report.complete() && notSearched.isEmpty();
        return new JsonObject()
                .put("status", complete ? "done" : "partial")
                .put("events", report.events())
                .put("complete", complete)
                .put("notSearched", missed)
                .put("sinks", sinks);
    }
}
