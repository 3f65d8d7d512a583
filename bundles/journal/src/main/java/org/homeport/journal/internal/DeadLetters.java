package org.homeport.journal.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.homeport.api.event.TelemetryEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events a sink refused for good, one small durable log per sink under {@code dead-letters/}, each
 * record one event with when and why. Operators list them and replay them into the journal; an
 * erasure rewrites them like the journal itself.
 */
final class DeadLetters implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int VERSION = 1;
    /** What an erased dead letter is overwritten with. */
    private static final byte[] ERASED = {0};

    /** One dead letter as listed: never the event's content beyond its identifying fields. */
    record DeadLetter(long sequence, Instant deadAt, String reason, TelemetryEvent event) {
    }

    private final Path dir;
    private final JournalSettings settings;
    private final Map<String, SegmentLog> logs = new ConcurrentHashMap<>();
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    DeadLetters(Path dir, long quotaBytesPerSink) throws IOException {
        this.dir = dir;
        this.settings = JournalSettings.defaults().withSegmentBytes(16L * 1024 * 1024)
                .withMaxQueuedRecords(16_384).withQuotaBytes(quotaBytesPerSink);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> sinks = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path sinkDir : sinks) {
                String sink = SinkNames.decode(sinkDir.getFileName().toString());
                if (sink != null) {
                    counts.put(sink, countIn(log(sink)));
                }
            }
        }
    }

    private SegmentLog log(String sink) {
        return logs.computeIfAbsent(sink, name -> {
            try {
                return SegmentLog.open(dir.resolve(SinkNames.encode(name)), settings);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static long countIn(SegmentLog log) throws IOException {
        long n = 0;
        long from = 1;
        while (true) {
            List<JournalRecord> records = log.read(from, 4096, 16L * 1024 * 1024);
            if (records.isEmpty()) {
                return n;
            }
            n += records.stream().filter(r -> !isErased(r)).count();
            from = records.get(records.size() - 1).sequence() + 1;
        }
    }

    /** Stores the events durably; returns once forced. */
    synchronized void add(String sink, List<TelemetryEvent> events, String reason, Instant now) throws IOException {
        SegmentLog log = log(sink);
        List<java.util.concurrent.CompletableFuture<Long>> writes = new ArrayList<>(events.size());
        for (TelemetryEvent event : events) {
            ByteWriter out = new ByteWriter(512);
            out.writeByte(VERSION);
            out.writeLong(now.toEpochMilli());
            out.writeString(reason == null ? "" : reason);
            EventCodec.write(out, event);
            try {
                writes.add(log.append(out.toByteArray()));
            } catch (JournalFullException e) {
                throw new IOException("the dead letters of sink '" + sink + "' are full: " + e.getMessage());
            }
        }
        try {
            for (var write : writes) {
                write.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while storing dead letters", e);
        } catch (ExecutionException e) {
            throw new IOException("could not store dead letters", e.getCause());
        }
        counts.merge(sink, (long) events.size(), Long::sum);
    }

    long count(String sink) {
        return counts.getOrDefault(sink, 0L);
    }

    /** Sinks that have dead letters. */
    List<String> sinks() {
        return counts.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).sorted().toList();
    }

    /** Up to {@code max} dead letters of a sink, oldest first. */
    synchronized List<DeadLetter> list(String sink, int max) throws IOException {
        List<DeadLetter> out = new ArrayList<>();
        if (!counts.containsKey(sink)) {
            return out;
        }
        long from = 1;
        while (out.size() < max) {
            List<JournalRecord> records = log(sink).read(from, Math.min(4096, max - out.size()), 16L * 1024 * 1024);
            if (records.isEmpty()) {
                break;
            }
            for (JournalRecord record : records) {
                if (isErased(record)) {
                    continue;
                }
                try {
                    out.add(decode(record));
                } catch (MalformedRecordException e) {
                    LOG.warn("Dead letter {} of sink '{}' cannot be read: {}", record.sequence(), sink, e.getMessage());
                }
            }
            from = records.get(records.size() - 1).sequence() + 1;
        }
        return out;
    }

    private static DeadLetter decode(JournalRecord record) {
        ByteReader in = new ByteReader(record.payload());
        if (in.readByte() != VERSION) {
            throw new MalformedRecordException("unknown dead-letter version");
        }
        Instant deadAt = Instant.ofEpochMilli(in.readLong());
        String reason = in.readString();
        return new DeadLetter(record.sequence(), deadAt, reason, EventCodec.read(in));
    }

    /**
     * Hands every dead letter of {@code sink} to {@code replay} and, once it returned without
     * throwing (the events are back in the journal), removes them.
     */
    synchronized int replay(String sink, ReplayTarget replay) throws IOException {
        List<DeadLetter> all = list(sink, Integer.MAX_VALUE);
        if (all.isEmpty()) {
            return 0;
        }
        replay.accept(all.stream().map(DeadLetter::event).toList());
        clear(sink);
        return all.size();
    }

    @FunctionalInterface
    interface ReplayTarget {
        void accept(List<TelemetryEvent> events) throws IOException;
    }

    private void clear(String sink) throws IOException {
        SegmentLog log = logs.remove(sink);
        if (log != null) {
            log.close();
        }
        Path sinkDir = dir.resolve(SinkNames.encode(sink));
        if (Files.exists(sinkDir)) {
            try (Stream<Path> files = Files.walk(sinkDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        counts.remove(sink);
    }

    /**
     * Removes every dead letter whose event {@code erase} matches, returns how many. Each is
     * overwritten in place by an erased marker (the segment rewritten and forced), so a crash
     * during an erasure never loses the dead letters that stay.
     */
    synchronized long erase(Predicate<TelemetryEvent> erase) throws IOException {
        long erased = 0;
        for (String sink : List.copyOf(counts.keySet())) {
            long n = log(sink).rewrite(Long.MAX_VALUE, record -> {
                if (isErased(record)) {
                    return null;
                }
                try {
                    return erase.test(decode(record).event()) ? ERASED.clone() : null;
                } catch (MalformedRecordException e) {
                    return null;
                }
            });
            counts.merge(sink, -n, Long::sum);
            erased += n;
        }
        return erased;
    }

    private static boolean isErased(JournalRecord record) {
        return record.payload().length == 1 && record.payload()[0] == ERASED[0];
    }

    /** Every dead-lettered event, for a data-subject export. */
    synchronized List<TelemetryEvent> events(Predicate<TelemetryEvent> match) throws IOException {
        List<TelemetryEvent> out = new ArrayList<>();
        for (String sink : List.copyOf(counts.keySet())) {
            for (DeadLetter letter : list(sink, Integer.MAX_VALUE)) {
                if (match.test(letter.event())) {
                    out.add(letter.event());
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        for (SegmentLog log : logs.values()) {
            log.close();
        }
        logs.clear();
    }
}
