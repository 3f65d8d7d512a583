package org.homeport.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One load run. Closed loop (the default): keeps {@code concurrency} requests in flight, sending
 * the next as soon as one completes. Open loop ({@code --rate}): starts requests on a fixed
 * schedule whatever the answers, over at most {@code concurrency} connections (the rest wait for
 * one), and measures each latency from when the request was due, so a stall shows up in the
 * percentiles instead of just slowing the sender down (no coordinated omission). Either way it
 * warms up, then records everything that completes inside the measured window.
 *
 * <p>All state is touched only on the one Vert.x context the run was started on, so it needs no
 * locks; the price is that the client uses one event loop, which is what a 2-core machine can
 * spare next to the server anyway.
 */
final class LoadRun {

    /** How long a request may stall before it counts as an error; keeps a hung server from hanging the run. */
    private static final long REQUEST_IDLE_TIMEOUT_MS = 30_000;
    /** How often the open-loop schedule is checked; requests due in between go out together. */
    private static final long TICK_MS = 1;
    /** Open loop: at most this many seconds' worth of requests may wait for a connection. */
    private static final long MAX_BACKLOG_SECONDS = 5;

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
    private long startNanos;
    private long timerId = -1;

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
            startNanos = now;
            measureStartNanos = now + options.warmup().toNanos();
            deadlineNanos = measureStartNanos + options.duration().toNanos();
            if (options.openLoop()) {
                timerId = context.owner().setPeriodic(0, TICK_MS, timer -> tick());
            } else {
                fill();
            }
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

    /** Open loop: sends every request that is due by now, each stamped with the time it was due. */
    private void tick() {
        long now = System.nanoTime();
        long end = Math.min(now, deadlineNanos);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / options.rate();
        long maxBacklog = Math.max(options.concurrency(), options.rate() * MAX_BACKLOG_SECONDS);
        while (sent < options.maxRequests()) {
            long due = startNanos + sent * intervalNanos;
            if (due > end) {
                break;
            }
            if (inFlight >= maxBacklog) {
                // the server fell this far behind: what would be sent now is already late; count it
                sent++;
                record(due, now, null, new ScheduleOverrun());
                continue;
            }
            send(due);
        }
        if (!mayStillSend()) {
            context.owner().cancelTimer(timerId);
            if (inFlight == 0) {
                finish();
            }
        }
    }

    /** A request the open-loop schedule could not even start: too many were waiting already. */
    static final class ScheduleOverrun extends RuntimeException {
        ScheduleOverrun() {
            super("more requests waiting than the backlog allows", null, false, false);
        }
    }

    private boolean mayStillSend() {
        return sent < options.maxRequests() && System.nanoTime() < deadlineNanos;
    }

    private void send() {
        send(System.nanoTime());
    }

    private void send(long startNanos) {
        Buffer body = payloads.get((int) (sent % payloads.size()));
        sent++;
        inFlight++;
        client.request(request)
                .compose(req -> req.send(body))
                // Read the whole response so the connection goes back to the pool clean.
                .compose(response -> response.body().map(responseBody -> new Answer(response.statusCode(), responseBody)))
                .onComplete(outcome -> {
                    long doneNanos = System.nanoTime();
                    inFlight--;
                    record(startNanos, doneNanos, outcome.succeeded() ? outcome.result() : null, outcome.cause());
                    if (options.openLoop()) {
                        if (inFlight == 0 && !mayStillSend()) {
                            finish();
                        }
                    } else {
                        fill();
                    }
                });
    }

    /** A status and the body that came with it. */
    private record Answer(int status, Buffer body) {
    }

    private void record(long startNanos, long doneNanos, Answer response, Throwable failure) {
        // Count by completion time: the window then holds a steady state's worth of completions,
        // whichever side of its start the request was sent on.
        if (doneNanos < measureStartNanos || doneNanos >= deadlineNanos) {
            return;
        }
        lastCompletionNanos = doneNanos;
        if (response != null) {
            stats.recordResponse(response.status(), doneNanos - startNanos, options.batch(), response.body());
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
