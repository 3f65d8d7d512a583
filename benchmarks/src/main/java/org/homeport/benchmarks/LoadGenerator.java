package org.homeport.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * POSTs batches of realistic Homeport events to a URL for a fixed time and reports throughput
 * and latency. Exit code 0 if at least one request was accepted (2xx), 1 if none was, 2 for bad
 * arguments: a run that measured nothing must not look like a result to run.sh.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }

        List<Buffer> payloads;
        if (options.bodyFile() != null) {
            Buffer body;
            int events;
            try {
                body = Buffer.buffer(Files.readAllBytes(options.bodyFile()));
                events = EventPayloads.eventsIn(body);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("error: --body-file " + options.bodyFile() + ": " + e.getMessage());
                System.exit(2);
                return;
            }
            options = options.withBatch(events);
            payloads = List.of(body);
        } else {
            payloads = EventPayloads.build(options.batch(), EventPayloads.DISTINCT_PAYLOADS, Instant.now(), 42L);
        }
        if (options.gzip()) {
            payloads = payloads.stream().map(EventPayloads::gzip).toList();
        }
        System.err.printf("load: %s, batch %d (%d bytes%s), concurrency %d, %s, warm-up %d s, measuring %d s%n",
                options.url(), options.batch(), payloads.get(0).length(), options.gzip() ? " gzipped" : "",
                options.concurrency(), options.openLoop() ? options.rate() + " requests/s" : "closed loop",
                options.warmup().toSeconds(), options.duration().toSeconds());

        Vertx vertx = Vertx.vertx();
        JsonObject summary;
        try {
            HttpClientAgent client = vertx.httpClientBuilder()
                    .with(new HttpClientOptions()
                            .setKeepAlive(true)
                            // One request per connection at a time: concurrency is the number of connections.
                            .setPipelining(false)
                            .setTcpNoDelay(true))
                    .with(new PoolOptions().setHttp1MaxSize(options.concurrency()))
                    .build();
            Context context = vertx.getOrCreateContext();
            long budgetSeconds = options.warmup().toSeconds() + options.duration().toSeconds() + 120;
            summary = new LoadRun(context, client, options, payloads).start()
                    .toCompletionStage().toCompletableFuture()
                    .get(budgetSeconds, TimeUnit.SECONDS);
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        if (options.json()) {
            System.err.print(LoadStats.describe(summary));
            System.out.println(summary.encode());
        } else {
            System.out.print(LoadStats.describe(summary));
        }
        System.out.flush();
        System.exit(summary.getLong("ok") > 0 ? 0 : 1);
    }
}
