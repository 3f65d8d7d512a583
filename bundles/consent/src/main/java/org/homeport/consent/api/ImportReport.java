package org.homeport.consent.api;

import java.util.List;
import java.util.Objects;

/**
 * What a consent import did. {@code imported + alreadyPresent + rejected = lines}.
 *
 * @param lines          data lines read (blank lines and the CSV header are not counted)
 * @param imported       records written by this import
 * @param alreadyPresent lines whose request id was recorded before for the same change
 * @param rejected       lines not imported, each with a reason in {@code errors}
 * @param errors         the first {@value #MAX_ERRORS} rejected lines and why; never quoting a subject
 */
public record ImportReport(long lines, long imported, long alreadyPresent, long rejected, List<LineError> errors) {
    /** How many rejected lines the report names. */
    public static final int MAX_ERRORS = 100;

    public ImportReport {
        if (lines < 0 || imported < 0 || alreadyPresent < 0 || rejected < 0
                || imported + alreadyPresent + rejected != lines) {
            throw new IllegalArgumentException("imported, already present and rejected lines add up to the lines read");
        }
        errors = List.copyOf(errors);
        if (errors.size() > MAX_ERRORS || errors.size() > rejected) {
            throw new IllegalArgumentException("at most " + MAX_ERRORS + " errors, none more than lines rejected");
        }
    }

    /**
     * @param line   the line's number in the input, the first line being 1 (the CSV header included)
     * @param reason why it was rejected
     */
    public record LineError(long line, String reason) {
        public LineError {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
