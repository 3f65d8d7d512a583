package org.homeport.receiver.syslog.internal;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;

/**
 * Events the intake deferred (the consent store or an anonymizer unavailable, a pipeline held
 * back), kept for another try. Plain syslog cannot ask its sender to resend, over TCP or UDP, so
 * dropping them would lose them. One bound, {@code max.deferred.events}, covers every connection
 * and datagram of the receiver; beyond it an event is refused ({@code deferred-not-kept}). Held in
 * memory only: a node that stops loses them.
 */
final class DeferredEvents {
    /** First wait before deferred events are submitted again; it doubles up to {@link #MAX_WAIT_MS}. */
    static final long FIRST_WAIT_MS = 500;
    static final long MAX_WAIT_MS = 30_000;

    private final Vertx vertx;
    private final SyslogMetrics metrics;
    private final int max;
    private final AtomicInteger held = new AtomicInteger();

    DeferredEvents(Vertx vertx, SyslogMetrics metrics, int max) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.max = max;
    }

    /**
     * Counts each outcome and holds the deferred events of {@code submitted} for another try:
     * {@code retry} gets them and the wait to use after that try once {@code wait} has passed.
     *
     * @return whether events are held (false when none was deferred or they were refused)
     */
    boolean settle(List<TelemetryEvent> submitted, List<EventOutcome> outcomes, long wait,
            BiConsumer<List<TelemetryEvent>, Long> retry) {
        List<TelemetryEvent> deferred = new ArrayList<>();
        for (EventOutcome each : outcomes) {
            metrics.outcome(each);
            if (each.status() == EventOutcome.Status.DEFERRED && each.index() >= 0 && each.index() < submitted.size()) {
                deferred.add(submitted.get(each.index()));
            }
        }
        if (deferred.isEmpty()) {
            return false;
        }
        int count = deferred.size();
        if (held.addAndGet(count) > max) {
            held.addAndGet(-count);
            for (int i = 0; i < count; i++) {
                metrics.refused("deferred-not-kept");
            }
            return false;
        }
        long next = Math.min(MAX_WAIT_MS, wait * 2);
        vertx.setTimer(wait, t -> {
            held.addAndGet(-count);
            retry.accept(deferred, next);
        });
        return true;
    }

    /** Events held now, for the gauge and tests. */
    int held() {
        return held.get();
    }
}
