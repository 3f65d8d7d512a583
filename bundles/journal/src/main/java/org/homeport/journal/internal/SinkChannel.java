package org.homeport.journal.internal;

import java.io.IOException;
import java.time.Duration;
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
 */
final class SinkChannel {
    private static final Logger LOG = LoggerFactory.getLogger(SinkChannel.class);

    /** What a channel needs from the journal service. */
    interface Feed {
        /** Records after {@code cursor}, at most about {@code maxEvents} events for {@code sink}. */
        List<JournalEntry> entriesAfter(long cursor, String sink, int maxEvents, long maxBytes) throws IOException;

        /** Waits until a record after {@code sequence} is durable, or the timeout passes. */
        void awaitAfter(long sequence, long timeoutMillis) throws InterruptedException;

        /** The sink registered under {@code name}, or {@code null}. */
        Sink sink(String name);

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

    private void run() {
        long backoff = settings.retryInitial().toMillis();
        while (!stopped) {
            try {
                List<JournalEntry> entries = feed.entriesAfter(cursor, name, settings.batchEvents(), settings.batchBytes());
                if (entries.isEmpty()) {
                    storeCursorIfDue(true);
                    feed.awaitAfter(cursor, 1000);
                    continue;
                }
                JournalEntry last = entries.get(entries.size() - 1);
                long[] counted = count(entries);
                if (counted[0] == 0) {
                    advance(last.sequence(), counted, false);
                    continue;
                }
                deliver(entries);
                advance(last.sequence(), counted, true);
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
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stop) {
                    return;
                }
                backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
            }
        }
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

    /** Writes the batch until the sink took it (or refused parts of it for good). */
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
            Throwable failure = write(sink, batch);
            feed.metrics().write(name, failure == null || failure instanceof SinkRefusedException,
                    Duration.ofNanos(System.nanoTime() - started));
            if (failure == null) {
                feed.metrics().delivered(name, batch.size());
                lastError = null;
                return;
            }
            if (failure instanceof SinkRefusedException refused) {
                List<TelemetryEvent> dead = refusedEvents(batch, refused.eventIds());
                feed.deadLetter(name, dead, refused.getMessage());
                feed.metrics().deadLettered(name, dead.size());
                feed.metrics().delivered(name, batch.size() - dead.size());
                LOG.warn("Sink '{}' refused {} events for good; they are in its dead letters", name, dead.size());
                lastError = null;
                return;
            }
            state = "retrying";
            lastError = failure instanceof TimeoutException ? "no answer within " + settings.sinkTimeout().toSeconds() + " s"
                    : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
            feed.metrics().retried(name);
            LOG.warn("Sink '{}' did not store a batch of {}: {}; retrying in {} ms", name, batch.size(), failure.toString(),
                    backoff);
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
        }
        throw new InterruptedException("stopped");
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

    private Throwable write(Sink sink, List<TelemetryEvent> batch) throws InterruptedException {
        CompletableFuture<Void> write;
        try {
            write = sink.write(List.copyOf(batch)).toCompletableFuture();
        } catch (RuntimeException e) {
            return e;
        }
        try {
            write.get(settings.sinkTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return e;
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
