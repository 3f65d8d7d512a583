package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentOutcome;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.ConsentService;
import org.homeport.consent.api.ConsentStatus;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The consent API: products record their users' choices with their device credentials (the
 * tenant is the credential's), compliance officers on a subject's behalf. Granting, denying and
 * withdrawing are the same call with a different {@code state}.
 */
@Component(service = AdminRoutes.class)
public class ConsentRoutes implements AdminRoutes {
    private static final Set<Role> OFFICERS = Set.of(Role.COMPLIANCE_OFFICER);
    private static final Set<Role> READERS = Set.of(Role.COMPLIANCE_OFFICER, Role.AUDITOR);

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
                Route.devices(HttpMethod.GET, "/consent/v1/subjects/{subject}", request ->
                        status(request.device().tenant(), request.path("subject"))),
                Route.devices(HttpMethod.GET, "/consent/v1/subjects/{subject}/history", request ->
                        history(request.device().tenant(), request.path("subject"))),
                Route.people(HttpMethod.PUT, "/admin/v1/tenants/{tenant}/subjects/{subject}/consent/{purpose}", OFFICERS,
                        request -> change(request, request.path("tenant"), "console")),
                Route.people(HttpMethod.GET, "/admin/v1/tenants/{tenant}/subjects/{subject}/consent", READERS, request ->
                        status(request.path("tenant"), request.path("subject"))),
                Route.people(HttpMethod.GET, "/admin/v1/tenants/{tenant}/subjects/{subject}/consent/history", READERS,
                        request -> history(request.path("tenant"), request.path("subject"))));
    }

    private Reply change(AdminRequest request, String tenant, String channel) {
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
        ConsentOutcome outcome = call(() -> consent.record(new ConsentChange(tenant, request.path("subject"),
                request.path("purpose"), state, version == null ? 0 : (Integer) version, id, channel, request.actor())));
        return Reply.json(outcome.created() ? 201 : 200, toJson(outcome.record())
                .put("created", outcome.created())
                .put("receipt", new JsonObject(outcome.receipt())));
    }

    private Reply status(String tenant, String subject) {
        List<ConsentStatus> statuses = call(() -> consent.status(tenant, subject));
        JsonArray purposes = new JsonArray();
        statuses.forEach(status -> purposes.add(new JsonObject()
                .put("purpose", status.purpose())
                .put("state", status.state() == null ? null : status.state().name().toLowerCase(Locale.ROOT))
                .put("effective", status.effective())
                .put("reason", status.reason())
                .put("policyVersion", status.policyVersion())));
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
        try {
            return operation.get();
        } catch (ConsentException e) {
            switch (e.reason()) {
                case UNKNOWN_PURPOSE: throw new Problem(404, "unknown-purpose", "Not found", e.getMessage());
                case RETIRED_PURPOSE: throw new Problem(409, "retired-purpose", "Conflict", e.getMessage());
                case UNKNOWN_POLICY_VERSION: throw Problem.badRequest("unknown-policy-version", e.getMessage());
                case REQUEST_ID_REUSED: throw Problem.conflict("request-id-reused", e.getMessage());
                case EXISTS: throw Problem.conflict("exists", e.getMessage());
                default: throw Problem.badRequest("invalid-field", e.getMessage());
            }
        }
    }
}
