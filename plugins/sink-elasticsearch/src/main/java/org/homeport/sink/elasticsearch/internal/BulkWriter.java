package org.homeport.sink.elasticsearch.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.SinkRefusedException;
import org.homeport.api.util.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of events with bulk requests, one document per event with the event id as
 * {@code _id}, and reads every item's answer:
 *
 * <ul>
 * <li>stored items are done;
 * <li>items Elasticsearch refuses for good (a mapping conflict, a document it cannot parse) are collected
 * and, once nothing else is pending, reported with a {@link SinkRefusedException} naming their ids, so the
 * journal moves them (only them) to the dead letters;
 * <li>items that may succeed later (429, 5xx, ...) and whole requests that failed are sent again, only
 * those, after a growing wait ({@link Backoff}), until the attempts or the deadline run out; then the write
 * fails with a plain exception and the journal resends the batch later. A 429 also slows every later request.
 * </ul>
 *
 * <p>Never blocks: waits run on {@code scheduler}. Nothing about an event's content is logged or put in an
 * exception, only counts, statuses and Elasticsearch's error types.
 */
final class BulkWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);
    /** Bytes a bulk line adds to a document's source: the action line, roughly. */
    private static final int ACTION_OVERHEAD = 96;

    private final String sinkName;
    private final IndexNames names;
    private final BulkTransport transport;
    private final Backoff backoff;
    private final long maxBytes;
    private final long deadlineMillis;
    private final ScheduledExecutorService scheduler;
    private final WriteMetrics metrics;
    private final LongSupplier clock;

    BulkWriter(String sinkName, IndexNames names, BulkTransport transport, Backoff backoff, long maxBytes,
            long deadlineMillis, ScheduledExecutorService scheduler, WriteMetrics metrics, LongSupplier clockMillis) {
        this.sinkName = sinkName;
        this.names = names;
        this.transport = transport;
        this.backoff = backoff;
        this.maxBytes = maxBytes;
        this.deadlineMillis = deadlineMillis;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.clock = clockMillis;
    }

    /** The state of one {@link #write}. */
    private final class Write {
        final int events;
        final long deadline;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Set<String> refusedIds = new LinkedHashSet<>();
        /** error type (or status) → count, for the refusal's message. */
        final Map<String, Integer> refusedWhy = new TreeMap<>();
        int retry;
        String lastRetryReason;
        /** A whole request was refused: send the next round in halves. */
        boolean split;

        Write(int events, long deadline) {
            this.events = events;
            this.deadline = deadline;
        }

        void refuse(String id, String why) {
            refusedIds.add(id);
            refusedWhy.merge(why, 1, Integer::sum);
        }
    }

    /** Writes not completed yet; {@link #close()} fails them. */
    private final Set<Write> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Encodes and writes the batch; see the class comment for how the future completes. */
    CompletableFuture<Void> write(List<TelemetryEvent> batch) {
        if (closed) {
            return CompletableFuture.failedFuture(stopping());
        }
        Write write = new Write(batch.size(), clock.getAsLong() + deadlineMillis);
        open.add(write);
        write.done.whenComplete((ok, failure) -> open.remove(write));
        List<BulkTransport.Doc> docs = new ArrayList<>(batch.size());
        StringBuilder json = new StringBuilder(512);
        for (TelemetryEvent event : batch) {
            if (!IndexNames.isSafeId(event.tenant()) || !IndexNames.isSafeId(event.purpose())) {
                write.refuse(event.id(), "tenant or purpose id not usable in an index name");
                continue;
            }
            if (event.id().getBytes(StandardCharsets.UTF_8).length > 512) {
                write.refuse(event.id(), "event id longer than 512 bytes");
                continue;
            }
            json.setLength(0);
            EventJson.appendEvent(json, event);
            String index = names.index(event.tenant(), event.purpose(),
                    LocalDate.ofInstant(event.receivedAt(), ZoneOffset.UTC));
            docs.add(new BulkTransport.Doc(index, event.id(), json.toString().getBytes(StandardCharsets.UTF_8)));
        }
        attempt(write, docs);
        return write.done;
    }

    private void attempt(Write write, List<BulkTransport.Doc> pending) {
        if (pending.isEmpty()) {
            finish(write);
            return;
        }
        long pause = backoff.pauseMillis();
        if (pause > 0) {
            schedule(write, () -> send(write, pending), pause);
        } else {
            send(write, pending);
        }
    }

    /** Sends the pending documents in requests of at most {@code maxBytes}, one after the other. */
    private void send(Write write, List<BulkTransport.Doc> pending) {
        List<List<BulkTransport.Doc>> chunks = new ArrayList<>();
        List<Long> chunkBytes = new ArrayList<>();
        List<BulkTransport.Doc> chunk = new ArrayList<>();
        long bytes = 0;
        for (BulkTransport.Doc doc : pending) {
            long size = doc.source().length + ACTION_OVERHEAD + doc.index().length() + doc.id().length();
            if (!chunk.isEmpty() && bytes + size > maxBytes) {
                chunks.add(chunk);
                chunkBytes.add(bytes);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(doc);
            bytes += size;
        }
        chunks.add(chunk);
        chunkBytes.add(bytes);
        sendChunk(write, chunks, chunkBytes, 0, new ArrayList<>(), new boolean[1]);
    }

    private void sendChunk(Write write, List<List<BulkTransport.Doc>> chunks, List<Long> chunkBytes, int at,
            List<BulkTransport.Doc> again, boolean[] throttled) {
        if (at == chunks.size()) {
            afterRound(write, again, throttled[0]);
            return;
        }
        List<BulkTransport.Doc> docs = chunks.get(at);
        long started = System.nanoTime();
        CompletableFuture<List<BulkTransport.ItemResult>> sent;
        try {
            sent = transport.index(docs, chunkBytes.get(at));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((results, failure) -> {
            try {
                long nanos = System.nanoTime() - started;
                if (failure != null) {
                    Throwable cause = unwrap(failure);
                    metrics.bulk(docs.size(), chunkBytes.get(at), nanos, false,
                            cause instanceof BulkTransport.RequestFailedException request && request.status() != 0);
                    requestFailed(write, docs, cause, again, throttled);
                } else {
                    metrics.bulk(docs.size(), chunkBytes.get(at), nanos, true, true);
                    itemsAnswered(write, docs, results, again, throttled);
                }
                sendChunk(write, chunks, chunkBytes, at + 1, again, throttled);
            } catch (RuntimeException e) {
                LOG.error("Elasticsearch sink '{}' failed unexpectedly reading a bulk answer", sinkName, e);
                write.done.completeExceptionally(e);
            }
        });
    }

    private void requestFailed(Write write, List<BulkTransport.Doc> docs, Throwable failure,
            List<BulkTransport.Doc> again, boolean[] throttled) {
        ItemOutcome outcome;
        String why;
        if (failure instanceof BulkTransport.RequestFailedException request) {
            outcome = request.status() == 0 ? ItemOutcome.RETRY : ItemOutcome.of(request.status(), request.errorType());
            why = request.getMessage();
        } else {
            outcome = ItemOutcome.RETRY;
            why = failure.getClass().getSimpleName();
        }
        if (outcome == ItemOutcome.REFUSED && docs.size() > 1) {
            // A whole request refused (too large, unparseable): find the culprit by sending the halves again.
            outcome = ItemOutcome.RETRY;
            write.split = true;
        }
        switch (outcome) {
            case REFUSED -> docs.forEach(doc -> write.refuse(doc.id(), why));
            case THROTTLED -> {
                throttled[0] = true;
                again.addAll(docs);
                write.lastRetryReason = why;
            }
            default -> {
                again.addAll(docs);
                write.lastRetryReason = why;
            }
        }
    }

    private void itemsAnswered(Write write, List<BulkTransport.Doc> docs, List<BulkTransport.ItemResult> results,
            List<BulkTransport.Doc> again, boolean[] throttled) {
        if (results.size() != docs.size()) {
            // Cannot tell which item is which: send them all again (their ids make that harmless).
            again.addAll(docs);
            write.lastRetryReason = "bulk answer with " + results.size() + " items for " + docs.size();
            return;
        }
        for (int i = 0; i < docs.size(); i++) {
            BulkTransport.ItemResult result = results.get(i);
            switch (ItemOutcome.of(result.status(), result.errorType())) {
                case STORED -> {
                }
                case REFUSED -> write.refuse(docs.get(i).id(),
                        (result.errorType() == null ? "error" : result.errorType()) + " (HTTP " + result.status() + ")");
                case THROTTLED -> {
                    throttled[0] = true;
                    again.add(docs.get(i));
                    write.lastRetryReason = "HTTP 429 (" + result.errorType() + ")";
                }
                case RETRY -> {
                    again.add(docs.get(i));
                    write.lastRetryReason = "HTTP " + result.status() + " (" + result.errorType() + ")";
                }
            }
        }
    }

    private void afterRound(Write write, List<BulkTransport.Doc> again, boolean throttled) {
        backoff.answered(throttled);
        if (again.isEmpty()) {
            finish(write);
            return;
        }
        int retry = ++write.retry;
        if (write.split) {
            // Halving is not waiting for the cluster: it does not count against the attempts.
            write.retry--;
            retry = Math.max(1, write.retry);
        }
        long delay = Math.max(backoff.retryDelayMillis(retry), backoff.pauseMillis());
        metrics.retried(throttled ? ItemOutcome.THROTTLED : ItemOutcome.RETRY, again.size());
        if (!backoff.mayRetry(retry, clock.getAsLong() + delay, write.deadline)) {
            metrics.failed(write.events);
            write.done.completeExceptionally(new IllegalStateException("Elasticsearch sink '" + sinkName + "': "
                    + again.size() + " of " + write.events + " events not stored after " + retry + " attempt(s), last: "
                    + write.lastRetryReason + "; the batch will be sent again"));
            return;
        }
        List<BulkTransport.Doc> next = List.copyOf(again);
        // After a refused whole request, halves: a bad document ends up alone and is refused by itself.
        schedule(write, () -> {
            boolean split = write.split;
            write.split = false;
            if (split && next.size() > 1) {
                int half = next.size() / 2;
                sendHalves(write, next.subList(0, half), next.subList(half, next.size()));
            } else {
                send(write, next);
            }
        }, delay);
    }

    private void sendHalves(Write write, List<BulkTransport.Doc> first, List<BulkTransport.Doc> second) {
        List<List<BulkTransport.Doc>> chunks = List.of(first, second);
        List<Long> bytes = List.of(size(first), size(second));
        sendChunk(write, chunks, bytes, 0, new ArrayList<>(), new boolean[1]);
    }

    private static long size(List<BulkTransport.Doc> docs) {
        long bytes = 0;
        for (BulkTransport.Doc doc : docs) {
            bytes += doc.source().length + ACTION_OVERHEAD;
        }
        return bytes;
    }

    private void finish(Write write) {
        if (write.refusedIds.isEmpty()) {
            write.done.complete(null);
            return;
        }
        metrics.refused(write.refusedIds.size());
        StringBuilder why = new StringBuilder("Elasticsearch refused ").append(write.refusedIds.size())
                .append(" event(s) for good:");
        write.refusedWhy.forEach((reason, count) -> why.append(' ').append(reason).append(" x").append(count).append(';'));
        why.setLength(why.length() - 1);
        write.done.completeExceptionally(new SinkRefusedException(why.toString(), write.refusedIds));
    }

    private void schedule(Write write, Runnable task, long delayMillis) {
        try {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            write.done.completeExceptionally(stopping());
        }
    }

    private IllegalStateException stopping() {
        return new IllegalStateException("Elasticsearch sink '" + sinkName + "' is stopping");
    }

    /**
     * Fails every write not completed yet (a retry waiting on a stopped scheduler would never end), so the
     * journal sends those batches again to whatever sink comes next.
     */
    void close() {
        closed = true;
        for (Write write : open) {
            write.done.completeExceptionally(stopping());
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
