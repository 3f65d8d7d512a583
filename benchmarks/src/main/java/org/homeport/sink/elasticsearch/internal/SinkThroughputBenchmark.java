package org.homeport.sink.elasticsearch.internal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.util.EventJson;

/**
 * The Elasticsearch sink's steady throughput against a plain bulk loader, into the same single-node
 * Elasticsearch, in one invocation (benchmarks/es-sink.sh starts the node).
 *
 * <p>Both get the same events in the same batches (the journal's batch size, 2000 by default) and send one
 * bulk request at a time, as the journal feeds a sink one batch at a time; both encode each event with
 * {@link EventJson} inside the timed loop and ask for the same filtered answer ({@code filter_path}). The
 * plain loader writes the NDJSON body itself and posts it with {@code java.net.http}, checking only
 * {@code "errors":false}; the sink is the real {@link ElasticsearchSink} (the Elasticsearch Java client's
 * transport, per-item classification and retry bookkeeping, metrics). Each round writes a fresh index, same
 * template (the sink's), and rounds alternate loader / sink so drift on a noisy machine hits both.
 *
 * <p>It lives in the sink's package to build the sink from its settings record without OSGi.
 */
public final class SinkThroughputBenchmark {
    private SinkThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq).replaceFirst("^--", ""), arg.substring(eq + 1));
        }
        String url = options.getOrDefault("url", "http://127.0.0.1:9200");
        int docs = Integer.parseInt(options.getOrDefault("docs", "200000"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "2000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmupDocs = Integer.parseInt(options.getOrDefault("warmup-docs", "40000"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Settings settings = new Settings("bench", List.of(URI.create(url)), new IndexNames("bench-{tenant}-{purpose}-{yyyy.MM.dd}"),
                "homeport-bench", 1, 0, 1000, true, null, null, null, null, null, "PKCS12", Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofMillis(200), Duration.ofSeconds(5), 6, Duration.ofSeconds(50),
                10L * 1024 * 1024, Duration.ofSeconds(15));
        ElasticsearchSink sink = new ElasticsearchSink(settings, new SimpleMeterRegistry());
        try {
            System.out.printf(Locale.ROOT, "es-sink benchmark: %s, %d docs per round in batches of %d, %d rounds each (after a warm-up of %d)%n",
                    url, docs, batch, rounds, warmupDocs);
            run(http, url, sink, "warms", warmupDocs, batch, false);
            run(http, url, null, "warmp", warmupDocs, batch, false);
            List<Double> plain = new ArrayList<>();
            List<Double> sinkRates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                plain.add(run(http, url, null, "plain" + round, docs, batch, true));
                sinkRates.add(run(http, url, sink, "sink" + round, docs, batch, true));
            }
            double plainMedian = median(plain);
            double sinkMedian = median(sinkRates);
            System.out.printf(Locale.ROOT, "RESULT plain-bulk-loader=%.0f docs/s sink=%.0f docs/s ratio=%.3f (medians of %d rounds; "
                    + "plain %s, sink %s)%n", plainMedian, sinkMedian, sinkMedian / plainMedian, rounds, rates(plain), rates(sinkRates));
        } finally {
            sink.deactivate();
        }
    }

    private static double run(HttpClient http, String url, ElasticsearchSink sink, String tenant, int docs, int batch,
            boolean report) throws Exception {
        List<List<TelemetryEvent>> batches = events(tenant, docs, batch);
        String index = "bench-" + tenant + "-bench-" + LocalDate.now(ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyy.MM.dd"));
        if (sink == null) {
            // The template the sink installed: same mappings for both.
            awaitTemplate(http, url);
        }
        long started = System.nanoTime();
        for (List<TelemetryEvent> events : batches) {
            if (sink == null) {
                plainBulk(http, url, index, events);
            } else {
                sink.write(events).toCompletableFuture().get(120, TimeUnit.SECONDS);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = docs / seconds;
        long count = count(http, url, index);
        if (count != docs) {
            throw new IllegalStateException(index + " holds " + count + " documents, expected " + docs);
        }
        if (report) {
            System.out.printf(Locale.ROOT, "%-7s %-5s %8d docs in %6.2f s = %8.0f docs/s%n", tenant, sink == null ? "plain" : "sink",
                    docs, seconds, rate);
        }
        send(http, "DELETE", url + "/" + index, null);
        return rate;
    }

    private static void awaitTemplate(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = send(http, "GET", url + "/_index_template/homeport-bench", null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the sink's template is missing: " + response.body());
        }
    }

    private static void plainBulk(HttpClient http, String url, String index, List<TelemetryEvent> events) throws Exception {
        StringBuilder body = new StringBuilder(events.size() * 512);
        for (TelemetryEvent event : events) {
            body.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":");
            EventJson.appendString(body, event.id());
            body.append("}}\n");
            EventJson.appendEvent(body, event);
            body.append('\n');
        }
        // The same request the sink makes, answer filtered the same way: the ratio is the sink's own cost.
        HttpResponse<String> response = send(http, "POST", url + "/_bulk?filter_path=" + BulkBody.FILTER_PATH, body.toString());
        if (response.statusCode() != 200 || !response.body().startsWith("{\"errors\":false")) {
            throw new IllegalStateException("bulk failed: " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }

    private static long count(HttpClient http, String url, String index) throws Exception {
        send(http, "POST", url + "/" + index + "/_refresh", null);
        String body = send(http, "GET", url + "/" + index + "/_count", null).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException(body);
        }
        return Long.parseLong(m.group(1));
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String ndjson) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .method(method, ndjson == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8));
        if (ndjson != null) {
            request.header("Content-Type", "application/x-ndjson");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Crash-report-like events of about 400 bytes as JSON, the same for every round but the tenant. */
    private static List<List<TelemetryEvent>> events(String tenant, int docs, int batch) {
        Instant now = Instant.now();
        List<List<TelemetryEvent>> batches = new ArrayList<>();
        List<TelemetryEvent> current = new ArrayList<>(batch);
        for (int i = 0; i < docs; i++) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("exception", "java.lang.IllegalStateException");
            attributes.put("message", "connection reset while reading chunk " + (i % 97));
            attributes.put("thread", "worker-" + (i % 8));
            attributes.put("durationMs", i % 1000);
            attributes.put("osVersion", "14." + (i % 5));
            attributes.put("fatal", i % 10 == 0);
            current.add(new TelemetryEvent(String.format(Locale.ROOT, "%s-%08d-5f1c2d9e-7b1a-4c3e-9d2f", tenant, i), tenant,
                    new Source("meet", "45.3." + (i % 20), "d-" + (i % 5000)), "user-" + (i % 20000), "bench", "app.error",
                    now.minusMillis(i), now, attributes));
            if (current.size() == batch) {
                batches.add(current);
                current = new ArrayList<>(batch);
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rates(List<Double> values) {
        StringBuilder out = new StringBuilder("[");
        for (double v : values) {
            out.append(out.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.0f", v));
        }
        return out.append(']').toString();
    }
}
