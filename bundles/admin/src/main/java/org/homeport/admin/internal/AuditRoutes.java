package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditTrail;
import org.homeport.consent.api.AuditVerification;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The audit trail, read-only, and its verification, for auditors and compliance officers. */
@Component(service = AdminRoutes.class)
public class AuditRoutes implements AdminRoutes {
    private static final Set<Role> READERS = Set.of(Role.AUDITOR, Role.COMPLIANCE_OFFICER);

    private final AuditTrail audit;

    @Activate
    public AuditRoutes(@Reference AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.people(HttpMethod.GET, "/admin/v1/audit", READERS, request -> {
                    long after = number(request.query("after", "0"), "after");
                    int limit = (int) Math.min(1000, Math.max(1, number(request.query("limit", "100"), "limit")));
                    JsonArray items = new JsonArray();
                    List<AuditEntry> entries = audit.entries(after, limit);
                    entries.forEach(entry -> items.add(toJson(entry)));
                    JsonObject page = new JsonObject().put("items", items);
                    if (entries.size() == limit) {
                        page.put("next", "/admin/v1/audit?after=" + entries.get(entries.size() - 1).seq() + "&limit=" + limit);
                    }
                    return Reply.json(page);
                }),
                Route.people(HttpMethod.GET, "/admin/v1/audit/verification", READERS, request -> {
                    AuditVerification verification = audit.verify();
                    return Reply.json(new JsonObject()
                            .put("intact", verification.intact())
                            .put("checked", verification.checked())
                            .put("firstBrokenSeq", verification.intact() ? null : verification.firstBrokenSeq())
                            .put("problem", verification.problem()));
                }));
    }

    private static long number(String text, String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("invalid-parameter", "'" + name + "' must be a whole number");
        }
    }

    static JsonObject toJson(AuditEntry entry) {
        return new JsonObject()
                .put("seq", entry.seq())
                .put("time", entry.time().toString())
                .put("actor", entry.actor())
                .put("action", entry.action())
                .put("target", entry.target())
                .put("detail", entry.detail() == null || entry.detail().isEmpty() ? null : new JsonObject(entry.detail()))
                .put("previousHash", entry.previousHash())
                .put("hash", entry.hash());
    }
}
