package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeport.consent.api.DataSubjectRequests.Withheld;
import org.homeport.consent.api.SubjectDataReport;
import org.homeport.consent.api.SubjectDataReport.Outcome;
import org.homeport.consent.api.SubjectDataReport.SinkResult;

/**
 * The parts of a data-subject request's receipt: per sink, what was not searched, and the finding
 * in one word and in a sentence.
 */
final class ReceiptJson {
    private ReceiptJson() {
    }

    /**
     * {@code status} is {@code done} only when every sink was searched and every form the subject's
     * data may be stored in could be rebuilt; otherwise {@code partial}, and {@code notSearched} says
     * what was not looked at (a sink that cannot search, an anonymizer that is missing).
     */
    static JsonObject report(SubjectDataReport report, List<String> notSearched) {
        return report(report, notSearched, true);
    }

    /**
     * @param nothingWithheld {@code false} when events were found that the caller may not see: then
     *                        the answer is not complete either
     */
    static JsonObject report(SubjectDataReport report, List<String> notSearched, boolean nothingWithheld) {
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
        boolean complete = report.complete() && notSearched.isEmpty() && nothingWithheld;
        return new JsonObject()
                .put("status", complete ? "done" : "partial")
                .put("events", report.events())
                .put("complete", complete)
                .put("notSearched", missed)
                .put("sinks", sinks);
    }

    /** The finding: something is held; nothing is, and everything was searched; or nothing found in a search with gaps. */
    static final String DATA_HELD = "data-held";
    static final String NO_DATA_HELD = "no-data-held";
    static final String UNDETERMINED = "undetermined";

    static JsonObject withheld(Withheld withheld) {
        return new JsonObject().put("purpose", withheld.purpose()).put("reason", withheld.reason())
                .put("requiredRole", withheld.requiredRole());
    }

    /**
     * A receipt's {@code finding}: {@code data-held} when an event or a consent record was found,
     * {@code no-data-held} only when nothing was found and everything was searched, otherwise
     * {@code undetermined}.
     */
    static String finding(long events, int consentRecords, boolean complete) {
        if (events > 0 || consentRecords > 0) {
            return DATA_HELD;
        }
        return complete ? NO_DATA_HELD : UNDETERMINED;
    }

    /**
     * Adds {@code finding} and {@code summary} to an access receipt that has {@code events},
     * {@code consentRecords}, {@code complete}, {@code notSearched} and {@code withheld} (each with
     * the events it holds).
     */
    static void describeAccess(JsonObject receipt) {
        long events = receipt.getLong("events");
        int records = receipt.getInteger("consentRecords");
        boolean complete = receipt.getBoolean("complete");
        long withheldEvents = 0;
        List<String> withheld = new ArrayList<>();
        for (Object each : receipt.getJsonArray("withheld")) {
            JsonObject purpose = (JsonObject) each;
            long count = purpose.getLong("events");
            if (count > 0) {
                withheldEvents += count;
                withheld.add(count + " of purpose '" + purpose.getString("purpose") + "' (" + because(purpose) + ")");
            }
        }
        boolean gaps = !receipt.getJsonArray("notSearched").isEmpty();
        String finding = finding(events + withheldEvents, records, complete);
        String summary = switch (finding) {
            case DATA_HELD -> {
                StringBuilder text = new StringBuilder("Data is held for this identifier: ").append(counts(events, records));
                if (complete) {
                    text.append(", all of it in this export.");
                } else {
                    text.append(" in this export.");
                    if (withheldEvents > 0) {
                        text.append(" Withheld from you: ").append(withheldEvents).append(" more ")
                                .append(plural(withheldEvents, "event")).append(", ").append(String.join(", ", withheld))
                                .append("; an erasure request erases them too.");
                    }
                    if (gaps) {
                        text.append(" Not complete: what notSearched names could not be searched.");
                    }
                }
                yield text.toString();
            }
            case NO_DATA_HELD -> noDataHeld(receipt) + ".";
            default -> "Nothing was found for this identifier, but not everything could be searched (see notSearched),"
                    + " so this receipt does not show that no data is held.";
        };
        describe(receipt, finding, summary);
    }

    private static String because(JsonObject withheld) {
        return withheld.getString("reason") + (withheld.getString("requiredRole") == null ? ""
                : "; needs the role " + withheld.getString("requiredRole"));
    }

    /**
     * Adds {@code finding} and {@code summary} to an erasure receipt that has {@code events},
     * {@code consentRecords}, {@code complete} and {@code notShownToCaller}.
     */
    static void describeErasure(JsonObject receipt) {
        long events = receipt.getLong("events");
        int records = receipt.getInteger("consentRecords");
        boolean complete = receipt.getBoolean("complete");
        String finding = finding(events, records, complete);
        StringBuilder summary = new StringBuilder();
        switch (finding) {
            case DATA_HELD -> {
                summary.append(events == 0 ? "No events were held for this identifier" : "Erased " + events + " "
                        + plural(events, "event") + " held for this identifier");
                List<String> unseen = new ArrayList<>();
                long unseenEvents = 0;
                for (Object each : receipt.getJsonArray("notShownToCaller")) {
                    JsonObject purpose = (JsonObject) each;
                    long count = purpose.getLong("events");
                    if (count > 0) {
                        unseenEvents += count;
                        unseen.add(count + " of purpose '" + purpose.getString("purpose") + "' (" + because(purpose) + ")");
                    }
                }
                if (unseenEvents > 0) {
                    summary.append(", ").append(unseenEvents).append(" of them of purposes an access request by you"
                            + " does not show: ").append(String.join(", ", unseen));
                }
                summary.append('.');
                if (records > 0) {
                    summary.append(" Kept ").append(records).append(" consent ").append(plural(records, "record"))
                            .append(" and the audit entries as proof.");
                }
                if (!complete) {
                    summary.append(" Not complete: what notSearched names could not be searched, so events may remain.");
                }
            }
            case NO_DATA_HELD -> summary.append(noDataHeld(receipt)).append("; nothing was erased.");
            default -> summary.append("Nothing was found to erase for this identifier, but not everything could be"
                    + " searched (see notSearched), so this receipt does not show that no data is held.");
        }
        describe(receipt, finding, summary.toString());
    }

    private static String noDataHeld(JsonObject receipt) {
        return "No data held for this identifier: no sink holds an event of it in tenant '" + receipt.getString("tenant")
                + "', in any form it may be stored in, and no consent record names it";
    }

    /** Sets the two fields, keeping them where {@link DataSubjectRequestService} placed them, near the top. */
    private static void describe(JsonObject receipt, String finding, String summary) {
        receipt.put("finding", finding).put("summary", summary);
    }

    private static String counts(long events, int records) {
        return events + " " + plural(events, "event") + " and " + records + " consent " + plural(records, "record");
    }

    private static String plural(long count, String word) {
        return count == 1 ? word : word + "s";
    }

    /** The reports of several passes over the same sinks as one: events add up, the worst outcome counts. */
    static SubjectDataReport merge(List<SubjectDataReport> parts) {
        Map<String, SinkResult> bySink = new LinkedHashMap<>();
        for (SubjectDataReport part : parts) {
            for (SinkResult result : part.sinks()) {
                bySink.merge(result.sink(), result, (a, b) -> {
                    SinkResult worse = rank(b.outcome()) > rank(a.outcome()) ? b : a;
                    return new SinkResult(a.sink(), worse.outcome(), a.events() + b.events(), null, worse.error());
                });
            }
        }
        return new SubjectDataReport(new ArrayList<>(bySink.values()));
    }

    private static int rank(Outcome outcome) {
        return switch (outcome) {
            case FAILED -> 3;
            case UNSUPPORTED -> 2;
            case AGGREGATES_ONLY -> 1;
            default -> 0;
        };
    }
}
