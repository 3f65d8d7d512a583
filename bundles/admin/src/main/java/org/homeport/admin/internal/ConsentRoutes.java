package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.event.Identifiers;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentOutcome;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.ConsentService;
import org.homeport.consent.api.ConsentStatistics;
import org.homeport.consent.api.ConsentStatus;
import org.homeport.consent.api.ImportFormat;
import org.homeport.consent.api.ImportReport;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The consent API: products record their users' choices with their device credentials (the
 * tenant is the credential's), compliance officers on a subject's behalf or in bulk from another
 * system. Granting, denying and withdrawing are the same call with a different {@code state}.
 * Compliance officers and auditors see per purpose how choices develop.
 *
 * <p>Device credentials are treated as public (they ship inside products): they may record
 * choices for the purposes they may send for, and read a subject's current state of those
 * purposes only; a subject's history and the other purposes are for people with compliance roles.
 */
@Component(service = AdminRoutes.class)
public class ConsentRoutes implements AdminRoutes {
    private static final Set<Role> OFFICERS = Set.of(Role.COMPLIANCE_OFFICER);
    private static final Set<Role> READERS = Set.of(Role.COMPLIANCE_OFFICER, Role.AUDITOR);
    /** Statistics without a range cover the last 30 days, today included. */
    private static final int DEFAULT_STATISTICS_DAYS = 30;

    private final ConsentService consent;

    @Activate
    public ConsentRoutes(@Reference ConsentService consent) {
        this.consent = consent;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.devices(HttpMethod.PUT, "/consent/v1/subjects/{subject}/purposes/{purpose}", request -> {
                    if (!request.device().mayWrite(request.path("purpose"))) {
                        throw new Problem(403, "purpose-not-allowed", "Forbidden",
                                "this credential may not act for purpose '" + request.path("purpose") + "'");
                    }
                    return change(request, request.device().tenant(), "api");
                }),
                // Device credentials ship inside products, so anyone may hold one: they read only the
                // current state, and only of the purposes they may send for (docs/security.md).
                Route.devices(HttpMethod.GET, "/consent/v1/subjects/{subject}", request ->
                        status(request.device().tenant(), subject(request), request.device()::mayWrite)),
                Route.devices(HttpMethod.GET, "/consent/v1/subjects/{subject}/history", request -> {
                    throw new Problem(403, "forbidden", "Forbidden", "a subject's consent history is for compliance officers"
                            + " and auditors (GET /admin/v1/tenants/{tenant}/subjects/{subject}/consent/history); device"
                            + " credentials read the current state (GET /consent/v1/subjects/{subject})");
                }),
                Route.people(HttpMethod.PUT, "/admin/v1/tenants/{tenant}/subjects/{subject}/consent/{purpose}", OFFICERS,
                        request -> change(request, request.path("tenant"), "console")),
                Route.people(HttpMethod.GET, "/admin/v1/tenants/{tenant}/subjects/{subject}/consent", READERS, request ->
                        status(request.path("tenant"), subject(request), purpose -> true)),
                Route.people(HttpMethod.GET, "/admin/v1/tenants/{tenant}/subjects/{subject}/consent/history", READERS,
                        request -> history(request.path("tenant"), subject(request))),
                Route.people(HttpMethod.POST, "/admin/v1/tenants/{tenant}/consent/import", OFFICERS, this::importRecords)
                        .withLargeBody(),
                Route.people(HttpMethod.GET, "/admin/v1/purposes/{id}/statistics", READERS, this::statistics));
    }

    /**
     * The path's subject, within the one identifier limit ({@link Identifiers}); a longer one is
     * refused here, before anything looks it up, with a detail that does not quote it.
     */
    static String subject(AdminRequest request) {
        String subject = request.path("subject");
        if (!Identifiers.fits(subject)) {
            throw Problem.badRequest("identifier-too-long",
                    "the subject is longer than " + Identifiers.MAX_BYTES + " bytes (UTF-8)");
        }
        return subject;
    }

    private Reply importRecords(AdminRequest request) {
        ImportFormat format = importFormat(request.header("Content-Type"));
        ImportReport report = call(() -> consent.importRecords(request.path("tenant"),
                new StringReader(request.body().toString(StandardCharsets.UTF_8)), format, request.actor()));
        JsonArray errors = new JsonArray();
        report.errors().forEach(error -> errors.add(new JsonObject().put("line", error.line()).put("reason", error.reason())));
        return Reply.json(new JsonObject()
                .put("lines", report.lines())
                .put("imported", report.imported())
                .put("alreadyPresent", report.alreadyPresent())
                .put("rejected", report.rejected())
                .put("errors", errors));
    }

    private static ImportFormat importFormat(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (mediaType) {
            case "application/x-ndjson":
            case "application/jsonl":
                return ImportFormat.JSON_LINES;
            case "text/csv":
                return ImportFormat.CSV;
            default:
                throw new Problem(415, "unsupported-media-type", "Unsupported media type",
                        "an import is application/x-ndjson (one JSON object per line) or text/csv, in UTF-8");
        }
    }

    private Reply statistics(AdminRequest request) {
        LocalDate to = date(request, "to", LocalDate.now(ZoneOffset.UTC).plusDays(1));
        LocalDate from = date(request, "from", to.minusDays(DEFAULT_STATISTICS_DAYS));
        ConsentStatistics statistics = call(() -> consent.statistics(request.path("id"), from, to), "invalid-parameter");
        JsonArray days = new JsonArray();
        statistics.days().forEach(day -> days.add(counts(day.counts()).put("day", day.day().toString())));
        return Reply.json(new JsonObject()
                .put("purpose", statistics.purpose())
                .put("from", statistics.from().toString())
                .put("to", statistics.to().toString())
                .put("days", days)
                .put("current", counts(statistics.current())));
    }

    private static LocalDate date(AdminRequest request, String name, LocalDate fallback) {
        String text = request.query(name, null);
        try {
            return text == null ? fallback : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("invalid-parameter", "'" + name + "' must be a date such as 2026-11-01");
        }
    }

    private static JsonObject counts(ConsentStatistics.Counts counts) {
        return new JsonObject().put("granted", counts.granted()).put("denied", counts.denied())
                .put("withdrawn", counts.withdrawn());
    }

    private Reply change(AdminRequest request, String tenant, String channel) {
        subject(request);
        JsonObject body = request.json();
        ConsentState state = state(Json.requiredString(body, "state"));
        Object version = body.getValue("policyVersion");
        if (version != null && !(version instanceof Integer)) {
            throw Problem.badRequest("invalid-field", "'policyVersion' must be an integer");
        }
        String requestId = Json.optionalString(body, "requestId");
        if (requestId == null) {
            requestId = request.header("Idempotency-Key");
        }
        String id = requestId;
        String subject = subject(request);
        ConsentOutcome outcome = call(() -> consent.record(new ConsentChange(tenant, subject,
                request.path("purpose"), state, version == null ? 0 : (Integer) version, id, channel, request.actor())));
        return Reply.json(outcome.created() ? 201 : 200, toJson(outcome.record())
                .put("created", outcome.created())
                .put("receipt", new JsonObject(outcome.receipt())));
    }

    /** @param shown which purposes the caller may see */
    private Reply status(String tenant, String subject, Predicate<String> shown) {
        List<ConsentStatus> statuses = call(() -> consent.status(tenant, subject));
        JsonArray purposes = new JsonArray();
        statuses.stream().filter(status -> shown.test(status.purpose())).forEach(status -> purposes.add(new JsonObject()
                .put("purpose", status.purpose())
                .put("state", status.state() == null ? null : status.state().name().toLowerCase(Locale.ROOT))
                .put("effective", status.effective())
                .put("reason", status.reason())
                .put("policyVersion", status.policyVersion())
                .put("policyVersionInForce", status.policyVersionInForce())));
        return Reply.json(new JsonObject().put("tenant", tenant).put("subject", subject).put("purposes", purposes));
    }

    private Reply history(String tenant, String subject) {
        JsonArray items = new JsonArray();
        call(() -> consent.history(tenant, subject)).forEach(record -> items.add(toJson(record)));
        return Reply.items(items);
    }

    private static ConsentState state(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "granted": return ConsentState.GRANTED;
            case "denied": return ConsentState.DENIED;
            case "withdrawn": return ConsentState.WITHDRAWN;
            default:
                throw Problem.badRequest("invalid-field", "'state' is granted, denied or withdrawn");
        }
    }

    static JsonObject toJson(ConsentRecord record) {
        return new JsonObject()
                .put("tenant", record.tenant())
                .put("subject", record.subject())
                .put("purpose", record.purpose())
                .put("state", record.state().name().toLowerCase(Locale.ROOT))
                .put("policyVersion", record.policyVersion())
                .put("recordedAt", record.recordedAt().toString())
                .put("channel", record.channel())
                .put("requestId", record.requestId())
                .put("seq", record.seq());
    }

    /** Maps the consent service's typed refusals to problems with stable types. */
    static <T> T call(Supplier<T> operation) {
        return call(operation, "invalid-field");
    }

    /** @param invalidType the problem type of an {@code INVALID} refusal: which part of the request is wrong */
    static <T> T call(Supplier<T> operation, String invalidType) {
        try {
            return operation.get();
        } catch (ConsentException e) {
            switch (e.reason()) {
                case UNKNOWN_PURPOSE: throw new Problem(404, "unknown-purpose", "Not found", e.getMessage());
                case RETIRED_PURPOSE: throw new Problem(409, "retired-purpose", "Conflict", e.getMessage());
                case UNKNOWN_POLICY_VERSION: throw Problem.badRequest("unknown-policy-version", e.getMessage());
                case REQUEST_ID_REUSED: throw Problem.conflict("request-id-reused", e.getMessage());
                case EXISTS: throw Problem.conflict("exists", e.getMessage());
                case MALFORMED: throw Problem.badRequest("malformed-body", e.getMessage());
                case UNKNOWN_TENANT: throw new Problem(404, "unknown-tenant", "Not found", e.getMessage());
                default: throw Problem.badRequest(invalidType, e.getMessage());
            }
        }
    }
}
