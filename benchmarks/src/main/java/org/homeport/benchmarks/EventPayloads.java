package org.homeport.benchmarks;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Request bodies that look like real phone-home traffic: JSON arrays mixing the event types the
 * default distribution declares and keeps (performance metrics, crash reports, hardware faults).
 * They are built once, before the run, so that what the benchmark measures is the server and not
 * JSON generation in the client. Events carry no id: the server assigns one, as it does for most
 * real senders.
 */
final class EventPayloads {

    /** Enough distinct bodies that a server cannot profit from seeing the same bytes every time. */
    static final int DISTINCT_PAYLOADS = 8;

    private EventPayloads() {
    }

    /** {@code count} bodies of {@code batchSize} events each, reproducible for a given seed. */
    static List<Buffer> build(int batchSize, int count, Instant now, long seed) {
        Random random = new Random(seed);
        List<Buffer> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(batch(batchSize, now, random).toBuffer());
        }
        return payloads;
    }

    static JsonArray batch(int batchSize, Instant now, Random random) {
        JsonArray events = new JsonArray();
        for (int i = 0; i < batchSize; i++) {
            // Cycle through the types so even a batch of 3 has all of them; performance metrics
            // are the bulk of real traffic, so they get half the slots.
            events.add(switch (i % 4) {
                case 0, 3 -> performanceMetric(now, random);
                case 1 -> crashReport(now, random);
                default -> hardwareFault(now, random);
            });
        }
        return events;
    }

    static JsonObject performanceMetric(Instant now, Random random) {
        int user = random.nextInt(100_000);
        return new JsonObject()
                .put("type", "app.performance")
                .put("purpose", "performance-metrics")
                .put("time", now.minusMillis(random.nextInt(60_000)).toString())
                .put("source", appSource(random))
                .put("subject", "user-" + user)
                .put("attributes", new JsonObject()
                        .put("metric", "join.latency")
                        .put("value", Math.round(random.nextDouble() * 250_000) / 100.0)
                        .put("unit", "ms")
                        .put("deviceModel", "ThinkPad X1")
                        .put("networkType", "wifi"));
    }

    static JsonObject crashReport(Instant now, Random random) {
        // The e-mail in the message is deliberate: it gives the PII redaction something to do.
        return new JsonObject()
                .put("type", "app.error")
                .put("purpose", "crash-reports")
                .put("time", now.minusMillis(random.nextInt(60_000)).toString())
                .put("source", appSource(random))
                .put("subject", "user-" + random.nextInt(100_000))
                .put("attributes", new JsonObject()
                        .put("message", "Failed to sync calendar for jane.doe@example.com")
                        .put("stack", "java.lang.IllegalStateException at Sync.run(Sync.java:42)")
                        .put("errorCode", "E-SYNC-17"));
    }

    static JsonObject hardwareFault(Instant now, Random random) {
        // Appliances report without a subject: there is no person behind a disk array.
        int unit = random.nextInt(10_000);
        return new JsonObject()
                .put("type", "hw.fault")
                .put("purpose", "fault-alerts")
                .put("time", now.minusMillis(random.nextInt(60_000)).toString())
                .put("source", new JsonObject()
                        .put("product", "array-9000")
                        .put("version", "7.1")
                        .put("device", "sn-" + unit))
                .put("attributes", new JsonObject()
                        .put("component", "disk-" + random.nextInt(12))
                        .put("errorCode", "SMART-5")
                        .put("temperatureC", 40 + random.nextInt(200) / 10.0)
                        .put("serial", "WX-" + unit));
    }

    private static JsonObject appSource(Random random) {
        return new JsonObject()
                .put("product", "meet")
                .put("version", "45.3.1")
                .put("device", "d-" + random.nextInt(100_000));
    }

    /** The body gzip-compressed, for runs with Content-Encoding: gzip. */
    static Buffer gzip(Buffer body) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length() / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
            out.write(body.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return Buffer.buffer(compressed.toByteArray());
    }

    /**
     * How many events a ready-made body holds: the length of its top-level JSON array.
     *
     * @throws IllegalArgumentException if it is not a non-empty JSON array
     */
    static int eventsIn(Buffer body) {
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (!(parsed instanceof JsonArray array) || array.isEmpty()) {
            throw new IllegalArgumentException("not a non-empty JSON array of events");
        }
        return array.size();
    }
}
