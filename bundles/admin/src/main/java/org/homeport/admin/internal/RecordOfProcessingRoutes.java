package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.homeport.api.retention.Retentions;
import org.homeport.consent.api.ProcessingRecord;
import org.homeport.consent.api.RecordOfProcessing;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The record of processing activities (GDPR Art. 30) as the consent bundle generates it from the
 * current policies, as JSON or as a Markdown document to hand to a supervisory authority.
 */
@Component(service = AdminRoutes.class)
public class RecordOfProcessingRoutes implements AdminRoutes {
    private static final Set<Role> READERS = Set.of(Role.COMPLIANCE_OFFICER, Role.AUDITOR);
    static final String MARKDOWN = "text/markdown";

    private final RecordOfProcessing record;

    @Activate
    public RecordOfProcessingRoutes(@Reference RecordOfProcessing record) {
        this.record = record;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.people(HttpMethod.GET, "/admin/v1/record-of-processing", READERS, request -> {
            boolean markdown = wantsMarkdown(request);
            ProcessingRecord current = record.current();
            Reply reply = markdown ? Reply.text(MARKDOWN + "; charset=utf-8", RecordMarkdown.render(current))
                    : Reply.json(toJson(current));
            return reply.withHeader("Vary", "Accept");
        }));
    }

    /** {@code ?format=} decides; without it, Accept does when it names text/markdown before application/json. */
    private static boolean wantsMarkdown(AdminRequest request) {
        String format = request.query("format", null);
        if (format != null) {
            switch (format.toLowerCase(Locale.ROOT)) {
                case "markdown": return true;
                case "json": return false;
                default: throw Problem.badRequest("invalid-parameter", "'format' is json or markdown");
            }
        }
        String accept = request.header("Accept");
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String mediaType = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (mediaType.equals(MARKDOWN)) {
                return true;
            }
            if (mediaType.equals("application/json")) {
                return false;
            }
        }
        return false;
    }

    static JsonObject toJson(ProcessingRecord record) {
        JsonArray activities = new JsonArray();
        record.activities().forEach(activity -> activities.add(new JsonObject()
                .put("purpose", activity.purpose())
                .put("status", activity.retired() ? "retired" : "active")
                .put("description", activity.description())
                .put("legalBasis", activity.legalBasis().id())
                .put("dataCategories", new JsonArray(activity.dataCategories()))
                .put("eventTypes", new JsonArray(activity.eventTypes()))
                .put("dataSubjects", activity.dataSubjects())
                .put("recipients", activity.recipients())
                .put("allowedSinks", new JsonArray(activity.allowedSinks()))
                .put("retention", Json.retention(activity.retention()))
                .put("retentionText", activity.retention().isZero() ? "no limit set"
                        : Retentions.inWords(activity.retention()))
                .put("anonymous", activity.anonymous())
                .put("aggregateOnly", activity.aggregateOnly())
                .put("anonymizers", new JsonArray(activity.anonymizers()))
                .put("policyVersion", activity.policyVersion())
                .put("policySince", Json.instant(activity.policySince()))));
        return new JsonObject()
                .put("generatedAt", record.generatedAt().toString())
                .put("controller", new JsonObject().put("name", record.controllerName())
                        .put("contact", record.controllerContact()))
                .put("activities", activities);
    }
}
