package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.RetentionListener;
import org.homeport.api.retention.SinkRetention;
import org.homeport.consent.api.AuditTrail;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Writes every retention run that deleted something into the audit trail, as
 * {@value #ACTOR}: which purpose, what cutoff and, per sink, what went.
 */
@Component(service = RetentionListener.class)
public class RetentionAudit implements RetentionListener {
    /** The actor of the entries: the node itself, on its retention schedule or a shell's request. */
    public static final String ACTOR = "system:retention";
    static final String ACTION = "retention.delete";

    private final AuditTrail audit;

    @Activate
    public RetentionAudit(@Reference AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    public void deleted(PurposeRetention run) {
        JsonArray sinks = new JsonArray();
        for (SinkRetention sink : run.sinks()) {
            if (sink.deletedAnything()) {
                sinks.add(new JsonObject().put("sink", sink.sink()).put("removed", sink.removed())
                        .put("unit", sink.unit()).put("events", sink.eventsRemoved()).put("bytes", sink.bytesRemoved()));
            }
        }
        JsonObject detail = new JsonObject()
                .put("retention", run.retention().toString())
                .put("deletedBefore", run.cutoff().toString())
                .put("retired", run.retired())
                .put("sinks", sinks);
        run.oldestHeld().ifPresent(oldest -> detail.put("oldestHeld", oldest.toString()));
        audit.append(ACTOR, ACTION, run.purpose(), detail.encode());
    }
}
