package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.ImportReport;

/** The counts of an import as it goes, and the first rejected lines with their reasons. */
final class ImportTally {
    private final long lines;
    private long imported;
    private long alreadyPresent;
    private long rejected;
    private final List<ImportReport.LineError> errors = new ArrayList<>();

    /** A checked line's record and the line it came from. */
    record Numbered(long number, ConsentRecord record) {
    }

    ImportTally(long lines) {
        this.lines = lines;
    }

    void imported() {
        imported++;
    }

    void alreadyPresent() {
        alreadyPresent++;
    }

    void reject(long line, String reason) {
        rejected++;
        if (errors.size() < ImportReport.MAX_ERRORS) {
            errors.add(new ImportReport.LineError(line, reason));
        }
    }

    /** The report, once every line was counted. */
    ImportReport report() {
        return new ImportReport(lines, imported, alreadyPresent, rejected, errors);
    }

    /** The counts so far, for the audit trail: never a subject or a reason, which may name a request id. */
    JsonObject counts() {
        return new JsonObject().put("lines", lines).put("imported", imported).put("alreadyPresent", alreadyPresent)
                .put("rejected", rejected);
    }
}
