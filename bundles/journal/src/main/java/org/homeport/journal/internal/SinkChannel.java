package org.homeport.journal.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.journal.SinkBacklog;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SinkRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one sink from the journal on its own thread: reads the records after the sink's cursor,
 * writes the events bound for it in batches, and moves the cursor (durably) only after the sink
 * acknowledged them. A failing sink is retried with exponential backoff and holds back only
 * itself; events it refuses for good go to its dead letters.
 *
 * <p>Up to {@link DeliverySettings#inFlightBatches()} batches (and no more than the sink declares
 * in {@link Sink#CONCURRENT_WRITES_PROPERTY}) are handed to the sink before the first is acknowledged, so reading and encoding the next batch overlaps the sink's write and fsync
 * of the previous ones (and a sink that commits in groups, as the file sink does, forces them
 * together). The cursor still moves only in order. When a batch fails, the batches behind it are
 * waited for and then sent again from the cursor with the failed one: a sink may see some events
 * twice after a failure (at-least-once), never an event skipped.
 */
final class SinkChannel {
    private static final Logger LOG = LoggerFactory.getLogger(SinkChannel.class);
    /** How long a channel with room for another batch waits for the oldest answer before it looks for new records. */
    private static final Duration NEW_RECORDS_POLL = Duration.ofMillis(5);

    /** What a channel needs from the journal service. */
    interface Feed {
        /** Records after {@code cursor}, at most about {@code maxEvents} events for {@code sink}. */
        List<JournalEntry> entriesAfter(long cursor, String sink, int maxEvents, long maxBytes) throws IOException;

        /** Waits until a record after {@code sequence} is durable, or the timeout passes. */
        void awaitAfter(long sequence, long timeoutMillis) throws InterruptedException;

        /** The sink registered under {@code name}, or {@code null}. */
        Sink sink(String name);

        /** How many batches the sink {@code name} accepts before the first is acknowledged (its {@link Sink#CONCURRENT_WRITES_PROPERTY}), at least 1. */
        int concurrentWrites(String name);

        /** Whether the event must not be delivered: erased, or past its purpose's retention. */
        String withheld(long sequence, TelemetryEvent event);

        void deadLetter(String sink, List<TelemetryEvent> events, String reason) throws IOException;

        void storeCursor(String sink, long sequence) throws IOException;

        void cursorMoved();

        DeliveryMetrics metrics();
    }

    private final String name;
    private final Feed feed;
    private final DeliverySettings settings;
    private final Thread thread;
    private volatile boolean stopped;

    /** Highest sequence the sink acknowledged (or that holds nothing for it), in memory. */
    private volatile long cursor;
    /** Highest sequence handed to the sink or passed over, at least {@link #cursor}; delivery thread only. */
    private long readCursor;
    /** Batches handed to the sink and not yet settled, oldest first; delivery thread only. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** The cursor as last stored on disk; segments are deleted behind it only. */
    private volatile long storedCursor;
    private long storedAtNanos = System.nanoTime();
    private final AtomicLong pendingEvents = new AtomicLong();
    private final AtomicLong pendingBytes = new AtomicLong();
    /** When the oldest record still waiting for this sink was appended, 0 if none. */
    private volatile long oldestAppendedAt;
    private volatile String state = "idle";
    private volatile String lastError;

    SinkChannel(String name, long cursor, Feed feed, DeliverySettings settings) {
        this.name = name;
        this.cursor = cursor;
        this.readCursor = cursor;
        this.storedCursor = cursor;
        this.feed = feed;
        this.settings = settings;
        this.thread = new Thread(this::run, "homeport-delivery-" + name);
        this.thread.setDaemon(true);
    }

    String name() {
        return name;
    }

    long cursor() {
        return cursor;
    }

    long storedCursor() {
        return storedCursor;
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Counts events appended for this sink, still waiting. */
    void added(long events, long bytes, long appendedAtMillis) {
        pendingEvents.addAndGet(events);
        pendingBytes.addAndGet(bytes);
        if (oldestAppendedAt == 0) {
            oldestAppendedAt = appendedAtMillis;
        }
    }

    /** Sets the waiting counts from a recount (after recovery or an erasure). */
    void recounted(long events, long bytes, long oldestMillis) {
        pendingEvents.set(events);
        pendingBytes.set(bytes);
        oldestAppendedAt = events == 0 ? 0 : oldestMillis;
    }

    SinkBacklog backlog(long deadLetters, long nowMillis) {
        long oldest = oldestAppendedAt;
        long events = Math.max(0, pendingEvents.get());
        Duration age = events == 0 || oldest == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, nowMillis - oldest));
        return new SinkBacklog(name, events, Math.max(0, pendingBytes.get()), age, deadLetters,
                events == 0 && "delivering".equals(state) ? "idle" : state, lastError);
    }

    /**
     * A batch handed to the sink: the records it came from, this sink's events and bytes in them as
     * counted in, and the sink's answer (already complete for records with nothing to write).
     */
    private record InFlight(List<JournalEntry> entries, long[] counted, int events, CompletableFuture<Void> write,
                            long startedNanos) {
        long lastSequence() {
            return entries.get(entries.size() - 1).sequence();
        }
    }

    private void run() {
        long backoff = settings.retryInitial().toMillis();
        while (!stopped) {
            try {
                int room = Math.min(settings.inFlightBatches(), feed.concurrentWrites(name));
                if (inFlight.size() < room && handOffNext(!inFlight.isEmpty())) {
                    continue;
                }
                if (inFlight.isEmpty()) {
                    storeCursorIfDue(true);
                    feed.awaitAfter(cursor, 1000);
                    continue;
                }
                if (inFlight.size() < room && !answeredWithin(inFlight.peek(), NEW_RECORDS_POLL)) {
                    continue; // room for another batch: look for new records again
                }
                settleOldest();
                backoff = settings.retryInitial().toMillis();
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // the journal itself could not be read, or a cursor not stored: try again after a while
                state = "retrying";
                lastError = "journal: " + e.getClass().getSimpleName();
                LOG.warn("Delivery to sink '{}' stopped on the journal: {}", name, e.toString());
                abandonInFlight();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
            }
        }
    }

    /**
     * Reads the records after {@link #readCursor} and hands this sink's events in them over; false if
     * there are none, or if {@code onlyIfFull} and they fill less than half a batch. While a batch is
     * with the sink, a small one is better left to grow: handing over every few records as they become
     * durable would make many small writes, each with its own cost, where waiting makes one.
     */
    private boolean handOffNext(boolean onlyIfFull) throws IOException {
        List<JournalEntry> entries = feed.entriesAfter(readCursor, name, settings.batchEvents(), settings.batchBytes());
        if (entries.isEmpty()) {
            return false;
        }
        long[] counted = count(entries);
        if (onlyIfFull && counted[0] > 0 && counted[0] * 2 < settings.batchEvents() && counted[1] * 2 < settings.batchBytes()) {
            return false;
        }
        readCursor = entries.get(entries.size() - 1).sequence();
        List<TelemetryEvent> batch = counted[0] == 0 ? List.of() : deliverable(entries);
        CompletableFuture<Void> write = CompletableFuture.completedFuture(null);
        if (!batch.isEmpty()) {
            oldestAppendedAt = oldestAppendedAt == 0 ? entries.get(0).appendedAtMillis() : oldestAppendedAt;
            Sink sink = feed.sink(name);
            write = sink == null ? CompletableFuture.failedFuture(new SinkMissingException()) : startWrite(sink, batch);
            state = "delivering";
        }
        inFlight.add(new InFlight(entries, counted, batch.size(), write, System.nanoTime()));
        return true;
    }

    /** Waits for the oldest batch in flight and moves the cursor past it, retrying it if it failed. */
    private void settleOldest() throws InterruptedException, IOException {
        InFlight oldest = inFlight.peek();
        if (oldest.counted()[0] == 0) {
            inFlight.poll();
            advance(oldest.lastSequence(), oldest.counted(), false);
            return;
        }
        Throwable failure = await(oldest.write(), oldest.startedNanos());
        if (oldest.events() > 0 && !(failure instanceof SinkMissingException)) {
            feed.metrics().write(name, failure == null || failure instanceof SinkRefusedException,
                    Duration.ofNanos(System.nanoTime() - oldest.startedNanos()));
        }
        if (failure == null) {
            inFlight.poll();
            if (oldest.events() > 0) {
                feed.metrics().delivered(name, oldest.events());
                lastError = null;
            }
            advance(oldest.lastSequence(), oldest.counted(), true);
            return;
        }
        if (failure instanceof SinkRefusedException refused) {
            inFlight.poll();
            deadLetter(deliverable(oldest.entries()), refused);
            advance(oldest.lastSequence(), oldest.counted(), true);
            return;
        }
        // The batches behind it may have been stored or not: wait for them, then send everything from the cursor again.
        abandonInFlight();
        if (!(failure instanceof SinkMissingException)) {
            noteFailure(failure, oldest.events(), settings.retryInitial().toMillis());
            Thread.sleep(settings.retryInitial().toMillis());
        }
        deliver(oldest.entries());
        advance(oldest.lastSequence(), oldest.counted(), true);
        readCursor = cursor;
    }

    /** Whether the batch's sink answered (or its time is up) within {@code wait}. */
    private boolean answeredWithin(InFlight batch, Duration wait) throws InterruptedException {
        long left = settings.sinkTimeout().toNanos() - (System.nanoTime() - batch.startedNanos());
        if (batch.write().isDone() || left <= 0) {
            return true;
        }
        try {
            batch.write().get(Math.min(left, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // settled (or not) below
        }
        return batch.write().isDone();
    }

    /** Lets every batch in flight finish (or time out), forgets them and reads again from the cursor. */
    private void abandonInFlight() {
        for (InFlight batch : inFlight) {
            try {
                await(batch.write(), batch.startedNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inFlight.clear();
        readCursor = cursor;
    }

    /** This sink's events in {@code entries} and their bytes, {events, bytes}, as they were counted in. */
    private long[] count(List<JournalEntry> entries) {
        long events = 0;
        long bytes = 0;
        for (JournalEntry entry : entries) {
            int total = entry.eventCount();
            for (JournalEntry.Group group : entry.groups()) {
                if (group.sinks().contains(name)) {
                    events += group.events().size();
                    bytes += share(entry.sizeBytes(), group.events().size(), total);
                }
            }
        }
        return new long[] {events, bytes};
    }

    /** A record's bytes shared by its events, so per-sink byte counts add up to what the journal holds. */
    static long share(int recordBytes, int groupEvents, int totalEvents) {
        return totalEvents == 0 ? 0 : (long) recordBytes * groupEvents / totalEvents;
    }

    private void advance(long sequence, long[] counted, boolean delivered) throws IOException {
        cursor = sequence;
        pendingEvents.addAndGet(-counted[0]);
        pendingBytes.addAndGet(-counted[1]);
        if (pendingEvents.get() <= 0) {
            oldestAppendedAt = 0;
        }
        storeCursorIfDue(!delivered);
    }

    /**
     * Stores the cursor after every delivered batch (so a restart resends as little as possible),
     * and at most every second while only records for other sinks are passed over.
     */
    private void storeCursorIfDue(boolean lazily) throws IOException {
        long current = cursor;
        if (current == storedCursor) {
            return;
        }
        if (lazily && System.nanoTime() - storedAtNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        feed.storeCursor(name, current);
        storedCursor = current;
        storedAtNanos = System.nanoTime();
        feed.cursorMoved();
    }

    /** Writes the batch until the sink took it (or refused parts of it for good), one attempt at a time. */
    private void deliver(List<JournalEntry> entries) throws InterruptedException, IOException {
        long backoff = settings.retryInitial().toMillis();
        oldestAppendedAt = oldestAppendedAt == 0 ? entries.get(0).appendedAtMillis() : oldestAppendedAt;
        while (!stopped) {
            List<TelemetryEvent> batch = deliverable(entries);
            if (batch.isEmpty()) {
                return;
            }
            Sink sink = feed.sink(name);
            if (sink == null) {
                state = "sink-missing";
                lastError = "no sink named '" + name + "' is registered";
                Thread.sleep(Math.min(backoff, 500));
                continue;
            }
            state = "delivering";
            long started = System.nanoTime();
            Throwable failure = await(startWrite(sink, batch), started);
            feed.metrics().write(name, failure == null || failure instanceof SinkRefusedException,
                    Duration.ofNanos(System.nanoTime() - started));
            if (failure == null) {
                feed.metrics().delivered(name, batch.size());
                lastError = null;
                return;
            }
            if (failure instanceof SinkRefusedException refused) {
                deadLetter(batch, refused);
                return;
            }
            noteFailure(failure, batch.size(), backoff);
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
        }
        throw new InterruptedException("stopped");
    }

    private void deadLetter(List<TelemetryEvent> batch, SinkRefusedException refused) throws IOException {
        List<TelemetryEvent> dead = refusedEvents(batch, refused.eventIds());
        feed.deadLetter(name, dead, refused.getMessage());
        feed.metrics().deadLettered(name, dead.size());
        feed.metrics().delivered(name, batch.size() - dead.size());
        LOG.warn("Sink '{}' refused {} events for good; they are in its dead letters", name, dead.size());
        lastError = null;
    }

    private void noteFailure(Throwable failure, int events, long retryInMillis) {
        state = "retrying";
        lastError = failure instanceof TimeoutException ? "no answer within " + settings.sinkTimeout().toSeconds() + " s"
                : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        feed.metrics().retried(name);
        LOG.warn("Sink '{}' did not store a batch of {}: {}; retrying in {} ms", name, events, failure.toString(),
                retryInMillis);
    }

    /** The batch as it may be written now: an erasure or retention may have withheld some since it was read. */
    private List<TelemetryEvent> deliverable(List<JournalEntry> entries) {
        List<TelemetryEvent> batch = new ArrayList<>();
        for (JournalEntry entry : entries) {
            for (JournalEntry.Group group : entry.groups()) {
                if (!group.sinks().contains(name)) {
                    continue;
                }
                for (TelemetryEvent event : group.events()) {
                    String why = feed.withheld(entry.sequence(), event);
                    if (why == null) {
                        batch.add(event);
                    } else {
                        feed.metrics().withheld(name, why);
                    }
                }
            }
        }
        return batch;
    }

    /** Hands a copy of the batch to the sink; a sink that throws instead of failing its stage fails it here. */
    private static CompletableFuture<Void> startWrite(Sink sink, List<TelemetryEvent> batch) {
        try {
            return sink.write(List.copyOf(batch)).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The write's failure, or null; a write unanswered {@code sinkTimeout} after it started counts as failed. */
    private Throwable await(CompletableFuture<Void> write, long startedNanos) throws InterruptedException {
        long left = settings.sinkTimeout().toNanos() - (System.nanoTime() - startedNanos);
        try {
            write.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return e;
        }
    }

    /** No sink of this name is registered when a batch is due: waited for in {@link #deliver}. */
    private static final class SinkMissingException extends RuntimeException {
        SinkMissingException() {
            super(null, null, false, false);
        }
    }

    private static List<TelemetryEvent> refusedEvents(List<TelemetryEvent> batch, Set<String> ids) {
        if (ids.isEmpty()) {
            return batch;
        }
        Set<String> wanted = new HashSet<>(ids);
        return batch.stream().filter(event -> wanted.contains(event.id())).toList();
    }

    @Override
    public String toString() {
        return "SinkChannel[" + name + " at " + cursor + "]";
    }
}
