package org.homeport.consent.api;

import java.io.Reader;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Subjects' consent: recorded by the products acting for them (consent API), by compliance
 * officers (admin API, shell) and by bulk import. Every change is appended, never overwritten; a
 * withdrawal takes effect on this node before the call returns.
 */
@ProviderType
public interface ConsentService {
    /** The longest range {@link #statistics} counts, in days. */
    int MAX_STATISTICS_DAYS = 366;

    /**
     * Records a grant, denial or withdrawal. Idempotent per (tenant, request id): repeating a request
     * returns the first outcome and changes nothing.
     *
     * @throws ConsentException {@code UNKNOWN_PURPOSE}, {@code RETIRED_PURPOSE},
     *                          {@code UNKNOWN_POLICY_VERSION}, {@code REQUEST_ID_REUSED}, {@code INVALID}
     */
    ConsentOutcome record(ConsentChange change);

    /** The subject's state for every declared purpose (recorded, or the purpose's default). */
    List<ConsentStatus> status(String tenant, String subject);

    Optional<ConsentRecord> current(String tenant, String subject, String purpose);

    /** Every change of the subject, all purposes, oldest first. */
    List<ConsentRecord> history(String tenant, String subject);

    /**
     * Counts the consent records of a declared (or retired) purpose per UTC day of [from, to), and
     * the subjects' current states.
     *
     * @param to exclusive; at most {@value #MAX_STATISTICS_DAYS} days after {@code from}
     * @throws ConsentException {@code UNKNOWN_PURPOSE}, or {@code INVALID} for an empty or too long range
     */
    ConsentStatistics statistics(String purpose, LocalDate from, LocalDate to);

    /**
     * Imports consent choices recorded elsewhere, e.g. by the system Homeport replaces. Each line is
     * checked like a {@link #record} call; good lines are recorded with channel {@code import},
     * bad ones are named in the report. A line without a request id gets one derived from its
     * content, so importing the same file again changes nothing. A line recorded before the
     * subject's current choice for the purpose joins the history without replacing that choice.
     * One audit entry, {@code consent.import}, holds the counts. Blocking; call off event loops.
     *
     * @param lines  the input, read to its end but not closed
     * @param actor  who imports, for the records and the audit trail
     * @throws ConsentException {@code INVALID} for a malformed tenant, {@code MALFORMED} for a CSV
     *                          input without a usable header row
     */
    ImportReport importRecords(String tenant, Reader lines, ImportFormat format, String actor);
}
