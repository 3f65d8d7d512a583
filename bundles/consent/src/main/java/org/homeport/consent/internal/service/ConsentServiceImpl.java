package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDecision;
import org.homeport.api.consent.ConsentGate;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.consent.Verdict;
import org.homeport.api.event.Identifiers;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.consent.api.AuditTrail;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.ConsentOutcome;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.ConsentService;
import org.homeport.consent.api.ConsentStatistics;
import org.homeport.consent.api.ConsentStatus;
import org.homeport.consent.api.ImportFormat;
import org.homeport.consent.api.ImportReport;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.store.RequestIdConflictException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records consent changes: validates them against the declared purposes, appends them, makes the
 * gate see them before answering, audits them, answers with a consent receipt, and erases a
 * subject's data on withdrawal where the policy says so.
 */
@Component(service = ConsentService.class)
public class ConsentServiceImpl implements ConsentService {
    private static final Logger LOG = LoggerFactory.getLogger(ConsentServiceImpl.class);
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** Imported lines per append: the gate sees each batch as soon as it is written. */
    static final int IMPORT_BATCH = 1000;

    private final ConsentStore store;
    private final CachedConsentRecords records;
    private final PolicyHistory policies;
    private final AuditTrail audit;
    private final Catalog catalog;
    private final ConsentGate gate;
    private final ErasureJobs erasures;
    private final ConsentStoreService.Config config;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public ConsentServiceImpl(@Reference StoreHolder holder, @Reference CachedConsentRecords records,
            @Reference PolicyHistory policies, @Reference AuditTrail audit, @Reference Catalog catalog,
            @Reference ConsentGate gate, @Reference ErasureJobs erasures) {
        this.store = holder.store();
        this.config = holder.config();
        this.records = records;
        this.policies = policies;
        this.audit = audit;
        this.catalog = catalog;
        this.gate = gate;
        this.erasures = erasures;
    }

    @Override
    public ConsentOutcome record(ConsentChange change) {
        Checked checked = check(change, null, null);
        ConsentRecord draft = checked.record();
        boolean erase = draft.state() != ConsentState.GRANTED && erasesOnWithdrawal(draft.purpose());
        ConsentStore.Appended appended;
        try {
            // The record, its audit entry and its erasure job commit together: a retry after a
            // failure finds nothing written and writes all three.
            appended = store.appendConsent(draft, ConsentServiceImpl::auditOf, erase);
        } catch (RequestIdConflictException e) {
            throw new ConsentException(Reason.REQUEST_ID_REUSED, "request id '" + draft.requestId()
                    + "' was used before for a different change");
        }
        ConsentRecord stored = appended.record();
        if (appended.created()) {
            // The gate must see the change before the caller hears it was recorded.
            records.changed(stored.tenant(), stored.subject(), stored.purpose());
            if (erase) {
                erasures.wake();
            }
        }
        return new ConsentOutcome(stored, appended.created(), receipt(stored, checked.purpose()).encode());
    }

    /** A change that passed the checks: the record to append, and its purpose. */
    private record Checked(ConsentRecord record, Purpose purpose) {
    }

    /**
     * The record a change makes, checked against the declared purposes and their policies.
     *
     * @param recordedAt when an imported choice was made (stamped with the version in force then),
     *                   or {@code null} for a change made now
     * @param histories  an import's policy histories by purpose, read once per import
     */
    private Checked check(ConsentChange change, Instant recordedAt, Map<String, List<PolicyVersion>> histories) {
        requireTenantAndSubject(change.tenant(), change.subject());
        if (change.state() == null) {
            throw new ConsentException(Reason.INVALID, "a change is a grant, a denial or a withdrawal");
        }
        String requestId = change.requestId() == null || change.requestId().isEmpty()
                ? UUID.randomUUID().toString() : change.requestId();
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw new ConsentException(Reason.INVALID,
                    "a request id is 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        Optional<Purpose> declared = catalog.purpose(change.purpose());
        if (declared.isEmpty()) {
            // a retired purpose is no longer declared, but it is known: say so rather than "unknown"
            if (policies.latest(change.purpose()).filter(v -> PolicyVersion.RETIRED.equals(v.status())).isPresent()) {
                throw new ConsentException(Reason.RETIRED_PURPOSE, "purpose '" + change.purpose()
                        + "' is retired; no consent can be recorded for it");
            }
            throw new ConsentException(Reason.UNKNOWN_PURPOSE, "no purpose '" + change.purpose() + "' is declared");
        }
        Purpose purpose = declared.get();
        if (purpose.legalBasis() != LegalBasis.CONSENT && purpose.legalBasis() != LegalBasis.LEGITIMATE_INTEREST) {
            throw new ConsentException(Reason.INVALID, "purpose '" + purpose.id() + "' is processed under "
                    + purpose.legalBasis().id() + "; a subject's consent choices do not apply to it");
        }
        PolicyVersion policy = policies.latest(purpose.id()).orElseThrow(() -> new ConsentException(Reason.UNKNOWN_PURPOSE,
                "purpose '" + purpose.id() + "' has no recorded policy yet; try again in a moment"));
        if (PolicyVersion.RETIRED.equals(policy.status())) {
            throw new ConsentException(Reason.RETIRED_PURPOSE, "purpose '" + purpose.id()
                    + "' is retired; no consent can be recorded for it");
        }
        boolean imported = recordedAt != null;
        Instant at = imported ? recordedAt : clock.instant();
        if (imported) {
            // an import: the version in force when the subject chose, never a later one
            List<PolicyVersion> history = histories.computeIfAbsent(purpose.id(), policies::history);
            Optional<PolicyVersion> then = PolicyHistory.inForceAt(history, at);
            if (then.isEmpty()) {
                throw new ConsentException(Reason.UNKNOWN_POLICY_VERSION, "purpose '" + purpose.id()
                        + "' had no policy version in force at " + at
                        + (!history.isEmpty() && history.get(0).createdAt().isAfter(at)
                                ? " (its first version dates from " + history.get(0).createdAt() + ")" : " (it was retired then)"));
            }
            if (change.policyVersion() > then.get().version() && change.policyVersion() <= policy.version()) {
                throw new ConsentException(Reason.UNKNOWN_POLICY_VERSION, "purpose '" + purpose.id() + "' was at policy version "
                        + then.get().version() + " at " + at + "; version " + change.policyVersion() + " came later");
            }
            if (change.policyVersion() <= policy.version()) {
                policy = then.get();
            }
        }
        int shown = change.policyVersion() == 0 ? policy.version() : change.policyVersion();
        if (shown < 1 || shown > policy.version()) {
            throw new ConsentException(Reason.UNKNOWN_POLICY_VERSION, "purpose '" + purpose.id() + "' has policy versions 1 to "
                    + policy.version());
        }
        return new Checked(new ConsentRecord(0, change.tenant(), change.subject(), purpose.id(), change.state(), shown,
                at, change.channel() == null ? "api" : change.channel(), requestId,
                change.actor() == null ? "unknown" : change.actor()), purpose);
    }

    @Override
    public List<ConsentStatus> status(String tenant, String subject) {
        requireTenantAndSubject(tenant, subject);
        List<ConsentStatus> statuses = new ArrayList<>();
        List<Purpose> purposes = new ArrayList<>(catalog.purposes());
        purposes.sort(Comparator.comparing(Purpose::id));
        for (Purpose purpose : purposes) {
            Optional<ConsentRecord> record = store.currentConsent(tenant, subject, purpose.id());
            ConsentDecision decision = gate.decide(probe(tenant, subject, purpose.id()), purpose);
            int inForce = policies.latest(purpose.id()).map(PolicyVersion::version).orElse(0);
            int version = record.map(ConsentRecord::policyVersion).orElse(inForce);
            String effective = decision.verdict() != Verdict.DROP ? "kept"
                    : record.filter(this::outdated).isPresent() ? ConsentStatus.OUTDATED : "dropped";
            statuses.add(new ConsentStatus(purpose.id(), record.map(ConsentRecord::state).orElse(null), effective,
                    decision.reason(), version, inForce));
        }
        return statuses;
    }

    /** A grant given under a policy version that a later material version superseded. */
    private boolean outdated(ConsentRecord record) {
        return record.state() == ConsentState.GRANTED && record.policyVersion() < policies.grantsCountFrom(record.purpose());
    }

    @Override
    public Optional<ConsentRecord> current(String tenant, String subject, String purpose) {
        requireTenantAndSubject(tenant, subject);
        return store.currentConsent(tenant, subject, purpose);
    }

    @Override
    public List<ConsentRecord> history(String tenant, String subject) {
        requireTenantAndSubject(tenant, subject);
        return store.consentHistory(tenant, subject);
    }

    @Override
    public ConsentStatistics statistics(String purpose, LocalDate from, LocalDate to) {
        if (!from.isBefore(to) || ChronoUnit.DAYS.between(from, to) > MAX_STATISTICS_DAYS) {
            throw new ConsentException(Reason.INVALID, "'from' must be before 'to' and at most "
                    + MAX_STATISTICS_DAYS + " days earlier");
        }
        // a retired purpose is no longer declared, but its records still count
        if (catalog.purpose(purpose).isEmpty() && policies.latest(purpose).isEmpty()) {
            throw new ConsentException(Reason.UNKNOWN_PURPOSE, "no purpose '" + purpose + "' is declared");
        }
        Map<LocalDate, Map<ConsentState, Long>> perDay = new HashMap<>();
        for (ConsentStore.DailyCount count : store.consentStatistics(purpose, startOf(from), startOf(to))) {
            perDay.computeIfAbsent(count.day(), day -> new EnumMap<>(ConsentState.class)).put(count.state(), count.count());
        }
        Map<ConsentState, Long> current = new EnumMap<>(ConsentState.class);
        store.currentStateCounts(purpose).forEach(count -> current.put(count.state(), count.count()));
        List<ConsentStatistics.Day> days = from.datesUntil(to)
                .map(day -> new ConsentStatistics.Day(day, counts(perDay.getOrDefault(day, Map.of()))))
                .toList();
        return new ConsentStatistics(purpose, from, to, days, counts(current));
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static ConsentStatistics.Counts counts(Map<ConsentState, Long> byState) {
        return new ConsentStatistics.Counts(byState.getOrDefault(ConsentState.GRANTED, 0L),
                byState.getOrDefault(ConsentState.DENIED, 0L), byState.getOrDefault(ConsentState.WITHDRAWN, 0L));
    }

    @Override
    public ImportReport importRecords(String tenant, Reader input, ImportFormat format, String actor) {
        requireTenant(tenant);
        List<ImportLines.Line> lines = ImportLines.read(input, format);
        Instant now = clock.instant();
        ImportTally tally = new ImportTally(lines.size());
        List<ImportTally.Numbered> checked = new ArrayList<>();
        Map<String, List<PolicyVersion>> histories = new HashMap<>();
        for (ImportLines.Line line : lines) {
            if (line.error() != null) {
                tally.reject(line.number(), line.error());
                continue;
            }
            ImportLines.Choice choice = line.choice();
            Instant recordedAt = choice.recordedAt() == null ? now : choice.recordedAt();
            if (recordedAt.isAfter(now) || recordedAt.isBefore(Instant.EPOCH)) {
                tally.reject(line.number(), "'recordedAt' must lie between 1970 and now");
                continue;
            }
            try {
                checked.add(new ImportTally.Numbered(line.number(), check(new ConsentChange(tenant, choice.subject(),
                        choice.purpose(), choice.state(), choice.policyVersion(), choice.requestId(), "import", actor),
                        recordedAt, histories).record()));
            } catch (ConsentException e) {
                tally.reject(line.number(), e.getMessage());
            }
        }
        try {
            for (int from = 0; from < checked.size(); from += IMPORT_BATCH) {
                appendImported(checked.subList(from, Math.min(checked.size(), from + IMPORT_BATCH)), tally);
            }
        } catch (RuntimeException e) {
            // what was written before the failure stays written: the trail must say so
            try {
                auditImport(tenant, format, actor, tally, true);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        auditImport(tenant, format, actor, tally, false);
        return tally.report();
    }

    /** Appends one batch of checked lines and makes the gate see each record it wrote. */
    private void appendImported(List<ImportTally.Numbered> batch, ImportTally tally) {
        List<ConsentStore.Appended> appended;
        try {
            appended = store.appendPastConsents(batch.stream().map(ImportTally.Numbered::record).toList());
        } catch (RequestIdConflictException e) {
            // nothing of the batch was written: one by one, to tell the conflicting lines from the rest
            for (ImportTally.Numbered line : batch) {
                try {
                    count(line, store.appendPastConsents(List.of(line.record())).get(0), tally);
                } catch (RequestIdConflictException conflict) {
                    tally.reject(line.number(), "request id '" + line.record().requestId()
                            + "' was used before for a different change");
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            count(batch.get(i), appended.get(i), tally);
        }
    }

    private void count(ImportTally.Numbered line, ConsentStore.Appended appended, ImportTally tally) {
        if (appended.created()) {
            ConsentRecord stored = appended.record();
            records.changed(stored.tenant(), stored.subject(), stored.purpose());
            tally.imported();
        } else {
            tally.alreadyPresent();
        }
    }

    /** One entry for the whole import, with counts only: the lines' subjects stay out of the trail. */
    private void auditImport(String tenant, ImportFormat format, String actor, ImportTally tally, boolean failed) {
        JsonObject detail = tally.counts().put("format", format.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (failed) {
            detail.put("failed", true);
        }
        audit.append(actor == null ? "unknown" : actor, "consent.import", tenant, detail.encode());
    }

    static void requireTenantAndSubject(String tenant, String subject) {
        requireTenant(tenant);
        if (Identifiers.hasLooseEnd(subject)) {
            // said on its own: a request with such an id would look for a different subject than the one meant
            throw new ConsentException(Reason.INVALID, "the subject begins or ends with whitespace or an invisible "
                    + "character; ids are matched exactly, so this would name a different subject than the one meant. "
                    + "Send the id without whitespace or invisible characters at either end");
        }
        if (subject == null || subject.isEmpty() || Identifiers.problem(subject) != null) {
            throw new ConsentException(Reason.INVALID, "the subject is 1 to " + Identifiers.MAX_BYTES
                    + " bytes (UTF-8) without control characters, and without whitespace or an invisible character "
                    + "at either end (ids are matched exactly)");
        }
    }

    private static void requireTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new ConsentException(Reason.INVALID, "the tenant is 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /** An event that stands for "this subject's next event of this purpose", to ask the gate. */
    private static TelemetryEvent probe(String tenant, String subject, String purpose) {
        Instant now = Instant.now();
        return new TelemetryEvent("consent-status", tenant, new Source("homeport", null, null), subject, purpose,
                "consent.status", now, now, Map.of());
    }

    static String verb(ConsentState state) {
        switch (state) {
            case GRANTED: return "grant";
            case DENIED: return "deny";
            default: return "withdraw";
        }
    }

    /** A receipt after the Kantara Initiative's Consent Receipt: who, what, why, when, under which policy. */
    JsonObject receipt(ConsentRecord record, Purpose purpose) {
        JsonObject consented = new JsonObject()
                .put("purpose", purpose.id())
                .put("purposeDescription", purpose.description())
                .put("legalBasis", purpose.legalBasis().id())
                .put("consentType", purpose.legalBasis() == LegalBasis.CONSENT ? "EXPLICIT" : "OBJECTION")
                .put("state", record.state().name())
                .put("policyVersion", record.policyVersion())
                .put("policyVersionInForce", policies.latest(purpose.id()).map(PolicyVersion::version)
                        .orElse(record.policyVersion()));
        if (outdated(record)) {
            // a grant under a version a material change superseded: it does not count
            consented.put("effective", ConsentStatus.OUTDATED);
        }
        consented.put("retention", isoDays(purpose.retention()));
        return new JsonObject()
                .put("version", "KI-CR-v1.1.0")
                .put("receiptId", record.tenant() + ":" + record.seq())
                .put("consentTimestamp", record.recordedAt().getEpochSecond())
                .put("recordedAt", record.recordedAt().toString())
                .put("collectionMethod", record.channel())
                .put("piiPrincipalId", record.subject())
                .put("tenant", record.tenant())
                .put("piiControllers", new JsonArray().add(new JsonObject()
                        .put("piiController", config.controller_name()).put("contact", config.controller_contact())))
                .put("services", new JsonArray().add(new JsonObject()
                        .put("purposes", new JsonArray().add(consented))))
                .put("requestId", record.requestId());
    }

    /** ISO-8601, in days when whole days ({@code P395D} rather than {@code PT9480H}); null for no limit. */
    private static String isoDays(java.time.Duration retention) {
        if (retention.isZero()) {
            return null;
        }
        long days = retention.toDays();
        return retention.equals(java.time.Duration.ofDays(days)) ? "P" + days + "D" : retention.toString();
    }

    /** The audit entry of a recorded change, made from the record as stored (with its seq). */
    private static ConsentStore.AuditDraft auditOf(ConsentRecord stored) {
        return new ConsentStore.AuditDraft(stored.actor(), "consent." + verb(stored.state()),
                stored.tenant() + "/" + stored.subject(),
                new JsonObject().put("purpose", stored.purpose()).put("policyVersion", stored.policyVersion())
                        .put("channel", stored.channel()).put("requestId", stored.requestId())
                        .put("seq", stored.seq()).encode());
    }

    private boolean erasesOnWithdrawal(String purpose) {
        return policies.policy(purpose).map(Purpose::eraseOnWithdrawal).orElse(false);
    }

    @Deactivate
    void deactivate() {
        // nothing to stop: erasures run in ErasureJobs
    }
}
