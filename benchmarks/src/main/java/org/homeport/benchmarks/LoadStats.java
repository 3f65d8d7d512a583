package org.homeport.benchmarks;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What happened to the requests that completed inside the measured window. Not thread-safe:
 * a {@link LoadRun} updates it from its single event-loop context only.
 */
final class LoadStats {

    /** Anything slower than a minute is reported as a minute; such a run is broken anyway. */
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(1);

    /** Latency of 2xx responses only: a fast 429 or a refused connection says nothing about ingest cost. */
    private final Histogram latencyMicros = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    private final Map<Integer, Long> non2xxByStatus = new TreeMap<>();
    private final Map<String, Long> errorsByKind = new TreeMap<>();
    private long requests;
    private long ok;
    private long errors;
    private long events;
    /** From Homeport's 2xx answers ({"accepted":…,"dropped":…,…}); -1 until one such answer came. */
    private long acceptedEvents = -1;
    private long notAcceptedEvents;

    void recordResponse(int status, long latencyNanos, int eventsInRequest) {
        recordResponse(status, latencyNanos, eventsInRequest, null);
    }

    /**
     * @param body the answer's body; a 2xx JSON object with Homeport's per-event counts adds them up,
     *             anything else (nginx's empty 202) is only counted by status
     */
    void recordResponse(int status, long latencyNanos, int eventsInRequest, Buffer body) {
        requests++;
        if (status >= 200 && status < 300) {
            ok++;
            events += eventsInRequest;
            countOutcomes(body);
            long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(latencyNanos));
            latencyMicros.recordValue(Math.min(micros, HIGHEST_TRACKABLE_MICROS));
        } else {
            non2xxByStatus.merge(status, 1L, Long::sum);
        }
    }

    private void countOutcomes(Buffer body) {
        if (body == null || body.length() == 0 || body.getByte(0) != '{') {
            return;
        }
        JsonObject counts;
        try {
            counts = new JsonObject(body);
        } catch (RuntimeException e) {
            return;
        }
        if (!(counts.getValue("accepted") instanceof Number accepted)) {
            return;
        }
        acceptedEvents = Math.max(0, acceptedEvents) + accepted.longValue();
        for (String other : new String[] {"dropped", "rejected", "deferred"}) {
            if (counts.getValue(other) instanceof Number n) {
                notAcceptedEvents += n.longValue();
            }
        }
    }

    /** A request that got no HTTP response at all (refused, reset, timed out). */
    void recordError(Throwable failure) {
        requests++;
        errors++;
        errorsByKind.merge(failure.getClass().getSimpleName(), 1L, Long::sum);
    }

    long ok() {
        return ok;
    }

    /** The result as JSON; {@link #describe(JsonObject)} turns it into text for people. */
    JsonObject summary(LoadOptions options, double measuredSeconds) {
        JsonObject non2xx = new JsonObject();
        non2xxByStatus.forEach((status, count) -> non2xx.put(String.valueOf(status), count));
        JsonObject errorKinds = new JsonObject();
        errorsByKind.forEach(errorKinds::put);
        return new JsonObject()
                .put("url", options.url().toString())
                .put("batch", options.batch())
                .put("concurrency", options.concurrency())
                .put("gzip", options.gzip())
                .put("warmupSeconds", options.warmup().toSeconds())
                .put("durationSeconds", options.duration().toSeconds())
                .put("measuredSeconds", round(measuredSeconds, 3))
                .put("requests", requests)
                .put("ok", ok)
                .put("non2xx", non2xx)
                .put("errors", errors)
                .put("errorKinds", errorKinds)
                .put("events", events)
                .put("acceptedEvents", acceptedEvents < 0 ? null : acceptedEvents)
                .put("notAcceptedEvents", acceptedEvents < 0 ? null : notAcceptedEvents)
                .put("rate", options.rate())
                .put("eventsPerSecond", measuredSeconds > 0 ? round(events / measuredSeconds, 1) : 0.0)
                .put("requestsPerSecond", measuredSeconds > 0 ? round(requests / measuredSeconds, 1) : 0.0)
                .put("latencyMs", new JsonObject()
                        .put("p50", percentileMillis(50))
                        .put("p90", percentileMillis(90))
                        .put("p99", percentileMillis(99))
                        .put("max", ok == 0 ? 0.0 : round(latencyMicros.getMaxValue() / 1000.0, 3))
                        .put("mean", ok == 0 ? 0.0 : round(latencyMicros.getMean() / 1000.0, 3)));
    }

    static String describe(JsonObject summary) {
        JsonObject latency = summary.getJsonObject("latencyMs");
        return String.format(Locale.ROOT, """
                        target      %s (batch %d, concurrency %d%s)
                        measured    %.2f s after %d s warm-up
                        requests    %d: 2xx %d, non-2xx %s, errors %d %s
                        events/s    %.1f  (requests/s %.1f)%s
                        latency ms  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  (2xx only)
                        """,
                summary.getString("url"), summary.getInteger("batch"), summary.getInteger("concurrency"),
                (summary.getBoolean("gzip") ? ", gzip" : "")
                        + (summary.getLong("rate", 0L) > 0 ? ", open loop at " + summary.getLong("rate") + " requests/s" : ""),
                summary.getDouble("measuredSeconds"), summary.getLong("warmupSeconds"),
                summary.getLong("requests"), summary.getLong("ok"), summary.getJsonObject("non2xx").encode(),
                summary.getLong("errors"),
                summary.getJsonObject("errorKinds").isEmpty() ? "" : summary.getJsonObject("errorKinds").encode(),
                summary.getDouble("eventsPerSecond"), summary.getDouble("requestsPerSecond"),
                summary.getValue("acceptedEvents") == null ? ""
                        : "  accepted " + summary.getLong("acceptedEvents") + ", not accepted "
                                + summary.getLong("notAcceptedEvents"),
                latency.getDouble("p50"), latency.getDouble("p90"), latency.getDouble("p99"), latency.getDouble("max"));
    }

    private double percentileMillis(double percentile) {
        return ok == 0 ? 0.0 : round(latencyMicros.getValueAtPercentile(percentile) / 1000.0, 3);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
