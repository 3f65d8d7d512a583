package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.RetentionFacts;
import org.homeport.api.retention.Retentions;
import org.homeport.api.retention.SinkRetention;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What retention did since the node started, per purpose: when it last ran, what each sink
 * deleted in that run and in the last run that deleted anything, and the oldest data still held.
 */
@Component(service = AdminRoutes.class)
public class RetentionRoutes implements AdminRoutes {
    private static final Set<Role> READERS = Set.of(Role.OPERATOR, Role.AUDITOR, Role.COMPLIANCE_OFFICER);

    private final RetentionFacts facts;

    @Activate
    public RetentionRoutes(@Reference RetentionFacts facts) {
        this.facts = facts;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.people(HttpMethod.GET, "/admin/v1/retention", READERS, request -> {
            String purpose = request.query("purpose", null);
            JsonArray items = new JsonArray();
            facts.purposes().stream().filter(run -> purpose == null || run.purpose().equals(purpose))
                    .forEach(run -> items.add(toJson(run)));
            return Reply.json(new JsonObject()
                    .put("minimumRetention", Json.retention(Retentions.MINIMUM))
                    .put("items", items));
        }));
    }

    static JsonObject toJson(PurposeRetention run) {
        return new JsonObject()
                .put("purpose", run.purpose())
                .put("status", run.retired() ? "retired" : "active")
                .put("retention", Json.retention(run.retention()))
                .put("retentionText", Retentions.inWords(run.retention()))
                .put("lastRun", run.lastRun().toString())
                .put("deletedBefore", run.cutoff().toString())
                .put("held", run.held().name().toLowerCase(Locale.ROOT))
                .put("oldestHeld", run.oldestHeld().map(Object::toString).orElse(null))
                .put("sinks", sinks(run.sinks()))
                .put("lastDeletion", run.lastDeletionAt() == null ? null : new JsonObject()
                        .put("at", run.lastDeletionAt().toString())
                        .put("sinks", sinks(run.lastDeletion())));
    }

    private static JsonArray sinks(List<SinkRetention> sinks) {
        JsonArray items = new JsonArray();
        for (SinkRetention sink : sinks) {
            items.add(new JsonObject()
                    .put("sink", sink.sink())
                    .put("deleted", sink.removed())
                    .put("unit", sink.unit())
                    .put("events", sink.eventsRemoved() < 0 ? null : sink.eventsRemoved())
                    .put("bytes", sink.bytesRemoved() < 0 ? null : sink.bytesRemoved())
                    .put("held", sink.held().name().toLowerCase(Locale.ROOT))
                    .put("oldestHeld", Json.instant(sink.oldestHeld()))
                    .put("failure", sink.failure()));
        }
        return items;
    }
}
