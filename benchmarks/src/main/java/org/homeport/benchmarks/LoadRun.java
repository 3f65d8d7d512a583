package org.homeport.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One closed-loop load run: keeps {@code concurrency} requests in flight, sending the next as soon
 * as one completes, warms up, then records everything that completes inside the measured window.
 *
 * <p>All state is touched only on the one Vert.x context the run was started on, so it needs no
 * locks; the price is that the client uses one event loop, which is what a 2-core machine can
 * spare next to the server anyway.
 */
final class LoadRun {

    /** How long a request may stall before it counts as an error; keeps a hung server from hanging the run. */
    private static final long REQUEST_IDLE_TIMEOUT_MS = 30_000;

    private final Context context;
    private final HttpClient client;
    private final LoadOptions options;
    private final List<Buffer> payloads;
    private final RequestOptions request;
    private final LoadStats stats = new LoadStats();
    private final Promise<JsonObject> result = Promise.promise();

    private long measureStartNanos;
    private long deadlineNanos;
    private long lastCompletionNanos;
    private long sent;
    private int inFlight;
    private boolean filling;
    private boolean finished;

    LoadRun(Context context, HttpClient client, LoadOptions options, List<Buffer> payloads) {
        this.context = context;
        this.client = client;
        this.options = options;
        this.payloads = List.copyOf(payloads);
        this.request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(options.url().getHost())
                .setPort(options.port())
                .setURI(options.requestUri())
                .setIdleTimeout(REQUEST_IDLE_TIMEOUT_MS)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("X-Api-Key", options.apiKey());
        if (options.gzip()) {
            request.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
    }

    /** Starts the run; the future completes with {@link LoadStats#summary} once the last request is back. */
    Future<JsonObject> start() {
        context.runOnContext(ignored -> {
            long now = System.nanoTime();
            measureStartNanos = now + options.warmup().toNanos();
            deadlineNanos = measureStartNanos + options.duration().toNanos();
            fill();
        });
        return result.future();
    }

    private void fill() {
        // A request can fail synchronously (e.g. a closed client); the flag turns what would be
        // recursion through onComplete into iterations of this loop.
        if (filling) {
            return;
        }
        filling = true;
        try {
            while (inFlight < options.concurrency() && mayStillSend()) {
                send();
            }
        } finally {
            filling = false;
        }
        if (inFlight == 0 && !mayStillSend()) {
            finish();
        }
    }

    private boolean mayStillSend() {
        return sent < options.maxRequests() && System.nanoTime() < deadlineNanos;
    }

    private void send() {
        Buffer body = payloads.get((int) (sent % payloads.size()));
        sent++;
        inFlight++;
        long startNanos = System.nanoTime();
        client.request(request)
                .compose(req -> req.send(body))
                // Read the whole response so the connection goes back to the pool clean.
                .compose(response -> response.body().map(ignored -> response))
                .onComplete(outcome -> {
                    long doneNanos = System.nanoTime();
                    inFlight--;
                    record(startNanos, doneNanos, outcome.succeeded() ? outcome.result() : null, outcome.cause());
                    fill();
                });
    }

    private void record(long startNanos, long doneNanos, HttpClientResponse response, Throwable failure) {
        // Count by completion time: the window then holds a steady state's worth of completions,
        // whichever side of its start the request was sent on.
        if (doneNanos < measureStartNanos || doneNanos >= deadlineNanos) {
            return;
        }
        lastCompletionNanos = doneNanos;
        if (response != null) {
            stats.recordResponse(response.statusCode(), doneNanos - startNanos, options.batch());
        } else {
            stats.recordError(failure);
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        // Normally the window is the configured duration; if --max-requests stopped the run early,
        // it ends with the last completion so events/s is not diluted by idle time.
        long windowEnd = System.nanoTime() >= deadlineNanos ? deadlineNanos : lastCompletionNanos;
        double measuredSeconds = Math.max(0, windowEnd - measureStartNanos) / (double) TimeUnit.SECONDS.toNanos(1);
        result.complete(stats.summary(options, measuredSeconds));
    }
}
