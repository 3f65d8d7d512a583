package org.homeport.journal.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.journal.Journal;
import org.homeport.api.journal.JournalStatus;
import org.homeport.api.journal.RoutedEvent;
import org.homeport.api.journal.SinkBacklog;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SubjectDataCapable;
import org.homeport.api.sink.SubjectQuery;
import org.homeport.journal.api.DeadLetterView;
import org.homeport.journal.api.JournalOperationException;
import org.homeport.journal.api.JournalOperations;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's journal and the delivery from it. Appends are framed records in a {@link SegmentLog}
 * (group commit, one force per group) and are acknowledged once durable; a {@link SinkChannel} per
 * sink then feeds that sink at its own pace from its durable cursor. Segments every sink has are
 * deleted. The service also answers data-subject requests for what still waits in the journal and
 * in the dead letters, so an erasure reaches events no sink has yet.
 */
@Component(service = {Journal.class, JournalStatus.class, SubjectDataCapable.class, JournalOperations.class},
        configurationPid = JournalService.PID, property = JournalService.HOLDER_PROPERTY + "=journal")
@Designate(ocd = JournalService.Config.class)
public class JournalService implements Journal, JournalStatus, SubjectDataCapable, JournalOperations, SinkChannel.Feed {
    public static final String PID = "org.homeport.journal";
    /** Marks the journal's {@link SubjectDataCapable} service, which is not a sink. */
    public static final String HOLDER_PROPERTY = "homeport.subject-data.holder";
    private static final Logger LOG = LoggerFactory.getLogger(JournalService.class);
    /** Most records read from disk at once for one sink. */
    private static final int READ_RECORDS = 512;

    @ObjectClassDefinition(name = "Homeport journal",
            description = "The durable journal between the intake and the sinks, and delivery from it to every sink")
    public @interface Config {
        @AttributeDefinition(name = "Directory",
                description = "Where the journal keeps its segments, cursors and dead letters; relative paths "
                        + "resolve against ${karaf.data}. Empty: ${karaf.data}/journal")
        String directory() default "";

        @AttributeDefinition(name = "Quota (bytes)",
                description = "The most the journal may hold on disk; when it is full, senders get 429 with "
                        + "Retry-After until sinks catch up. Default 2 GiB")
        long quota_bytes() default 2L * 1024 * 1024 * 1024;

        @AttributeDefinition(name = "Segment size (bytes)",
                description = "A segment file is closed and a new one started at this size; a segment is deleted "
                        + "once every sink has all of its events. At least 5 MiB")
        long segment_bytes() default 64L * 1024 * 1024;

        @AttributeDefinition(name = "Write queue (bytes)",
                description = "Bytes of appends waiting for the next group commit; beyond this senders get 429")
        long queue_bytes() default 64L * 1024 * 1024;

        @AttributeDefinition(name = "Batch size (events)", description = "Most events in one write to a sink")
        int batch_events() default 2000;

        @AttributeDefinition(name = "Batches in flight per sink",
                description = "Batches handed to a sink before the first is acknowledged, so the next is read and encoded "
                        + "while the sink writes; 1 sends one at a time. After a failure the ones behind it are sent again",
                min = "1", max = "64")
        int in_flight_batches() default 4;

        @AttributeDefinition(name = "First retry (milliseconds)",
                description = "Wait after a sink failed a write; doubled after each failure up to the longest wait")
        long retry_initial_millis() default 500;

        @AttributeDefinition(name = "Longest retry wait (seconds)", description = "Most time between two attempts")
        long retry_max_seconds() default 30;

        @AttributeDefinition(name = "Sink timeout (seconds)",
                description = "A write a sink has not acknowledged by then counts as failed and is retried")
        int sink_timeout_seconds() default 30;

        @AttributeDefinition(name = "Retry after (seconds)",
                description = "What senders are told to wait when the journal is full")
        int retry_after_seconds() default 5;

        @AttributeDefinition(name = "Recent records kept in memory (bytes)",
                description = "Records just appended stay decoded in memory while this much estimated heap has "
                        + "room, until every sink has them, so sinks that keep up are fed without reading the disk; "
                        + "a sink further behind reads it")
        long memory_bytes() default 32L * 1024 * 1024;

        @AttributeDefinition(name = "Dead letters per sink (bytes)",
                description = "The most a sink's dead letters may hold; a sink that refuses more is retried instead")
        long dead_letters_bytes() default 256L * 1024 * 1024;
    }

    /** A decoded recent record and its size, kept for sinks that keep up. */
    private final ConcurrentSkipListMap<Long, JournalEntry> recent = new ConcurrentSkipListMap<>();
    private final AtomicLong recentBytes = new AtomicLong();
    private final long recentBudget;

    private final SegmentLog log;
    private final JournalSettings settings;
    private final CursorStore cursors;
    private final DeadLetters deadLetters;
    private final DeliverySettings delivery;
    private final Duration retryAfter;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final ErasureFilter erasures = new ErasureFilter();

    private final Map<String, SinkChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Sink> sinks = new ConcurrentHashMap<>();
    /** Per sink name, the batches it accepts before the first is acknowledged. */
    private final Map<String, Integer> concurrentWrites = new ConcurrentHashMap<>();
    private final Set<String> aggregatingSinks = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Catalog> catalogs = new CopyOnWriteArrayList<>();
    private final Object appended = new Object();
    private volatile long lastDurable;
    private volatile boolean started;
    /** Set when deactivating: the writer's last records must not start channels no one will stop. */
    private volatile boolean stopping;

    @Activate
    public JournalService(Config config, @Reference MeterRegistry registry) throws IOException {
        this(resolve(config.directory()), settings(config), new DeliverySettings(Math.max(1, config.batch_events()),
                        Math.max(1, config.queue_bytes() / 4), Duration.ofMillis(Math.max(1, config.retry_initial_millis())),
                        Duration.ofSeconds(Math.max(1, config.retry_max_seconds())),
                        Duration.ofSeconds(Math.max(1, config.sink_timeout_seconds())),
                        Math.min(64, Math.max(1, config.in_flight_batches()))),
                Duration.ofSeconds(Math.max(1, config.retry_after_seconds())), config.memory_bytes(),
                config.dead_letters_bytes(), registry, Clock.systemUTC());
    }

    JournalService(Path directory, JournalSettings settings, DeliverySettings delivery, Duration retryAfter,
            long memoryBytes, long deadLetterBytes, MeterRegistry registry, Clock clock) throws IOException {
        this.settings = settings;
        this.delivery = delivery;
        this.retryAfter = retryAfter;
        this.recentBudget = Math.max(0, memoryBytes);
        this.clock = clock;
        this.log = SegmentLog.open(directory.resolve("segments"), settings);
        this.cursors = new CursorStore(directory.resolve("cursors"));
        this.deadLetters = new DeadLetters(directory.resolve("dead-letters"),
                Math.max(deadLetterBytes, 32L * 1024 * 1024));
        this.metrics = new DeliveryMetrics(registry, this);
        RecoveryReport report = log.recoveryReport();
        if (report.skippedRecords() > 0) {
            metrics.corrupt(report.skippedRecords());
        }
        this.lastDurable = log.lastDurableSequence();
        for (Map.Entry<String, Long> cursor : cursors.loadAll().entrySet()) {
            channel(cursor.getKey(), cursor.getValue());
        }
        recount(true);
        started = true;
        channels.values().forEach(SinkChannel::start);
        cursorMoved(); // what every sink had before a restart (or a smaller quota) goes now
        LOG.info("Journal in {}: {} records up to sequence {}, {} of {} bytes used, sinks {}", directory,
                report.records(), lastDurable, log.usedBytes(), settings.quotaBytes(), channels.keySet());
    }

    private static Path resolve(String configured) {
        String data = System.getProperty("karaf.data", "data");
        if (configured == null || configured.isBlank()) {
            return Paths.get(data, "journal");
        }
        Path path = Paths.get(configured.trim());
        return path.isAbsolute() ? path : Paths.get(data).resolve(path);
    }

    private static JournalSettings settings(Config config) {
        long segment = Math.max(config.segment_bytes(), 5L * 1024 * 1024);
        long queue = Math.max(config.queue_bytes(), 5L * 1024 * 1024);
        JournalSettings defaults = JournalSettings.defaults();
        return new JournalSettings(segment, defaults.maxRecordBytes(), defaults.maxQueuedRecords(), queue,
                Math.max(config.quota_bytes(), segment + queue));
    }

    @Deactivate
    public void deactivate() throws IOException, InterruptedException {
        stopping = true;
        for (SinkChannel channel : channels.values()) {
            channel.stop();
        }
        for (SinkChannel channel : channels.values()) {
            if (channel.cursor() != channel.storedCursor()) {
                cursors.store(channel.name(), channel.cursor());
            }
        }
        metrics.close();
        deadLetters.close();
        log.close();
    }

    // ---- sinks and catalog ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSink(Sink sink, Map<String, Object> properties) {
        Object name = properties.get(Sink.NAME_PROPERTY);
        if (name != null) {
            sinks.put(String.valueOf(name), sink);
            concurrentWrites.put(String.valueOf(name), declaredConcurrentWrites(properties.get(Sink.CONCURRENT_WRITES_PROPERTY)));
            if (Boolean.parseBoolean(String.valueOf(properties.get(Sink.AGGREGATING_PROPERTY)))) {
                aggregatingSinks.add(String.valueOf(name));
            } else {
                aggregatingSinks.remove(String.valueOf(name));
            }
        }
    }

    void unbindSink(Sink sink, Map<String, Object> properties) {
        Object name = properties.get(Sink.NAME_PROPERTY);
        if (name != null && sinks.remove(String.valueOf(name), sink)) {
            concurrentWrites.remove(String.valueOf(name));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindCatalog(Catalog catalog) {
        catalogs.add(catalog);
    }

    void unbindCatalog(Catalog catalog) {
        catalogs.remove(catalog);
    }

    @Override
    public Sink sink(String name) {
        return sinks.get(name);
    }

    @Override
    public int concurrentWrites(String name) {
        return concurrentWrites.getOrDefault(name, 1);
    }

    /** The sink's {@link Sink#CONCURRENT_WRITES_PROPERTY}: an Integer, or a number as text; anything else means one at a time. */
    static int declaredConcurrentWrites(Object declared) {
        if (declared instanceof Number number) {
            return (int) Math.max(1, Math.min(64, number.longValue()));
        }
        if (declared instanceof String text) {
            try {
                return (int) Math.max(1, Math.min(64, Long.parseLong(text.trim())));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }

    private SinkChannel channel(String sink, long cursor) {
        return channels.computeIfAbsent(sink, name -> {
            SinkChannel channel = new SinkChannel(name, cursor, this, delivery);
            metrics.sink(name, () -> channel.backlog(deadLetters.count(name), clock.millis()));
            if (started && !stopping) {
                channel.start();
            }
            return channel;
        });
    }

    // ---- appending ----

    @Override
    public CompletionStage<Void> append(List<RoutedEvent> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<Set<String>, List<TelemetryEvent>> bySinks = new LinkedHashMap<>();
        for (RoutedEvent routed : batch) {
            bySinks.computeIfAbsent(routed.sinks(), key -> new ArrayList<>()).add(routed.event());
        }
        List<JournalEntry.Group> groups = new ArrayList<>(bySinks.size());
        bySinks.forEach((sinkSet, events) -> groups.add(new JournalEntry.Group(sinkSet, events)));
        JournalEntry entry = new JournalEntry(0, clock.millis(), groups, 0);
        byte[] payload = RecordCodec.encode(entry);
        if (payload.length > JournalSettings.DEFAULT_MAX_RECORD_BYTES && batch.size() > 1) {
            // Too large for one record: two appends. Each half is all or nothing; the sender resends
            // the whole batch if the second is refused, and sinks skip the ids they already have.
            int half = batch.size() / 2;
            CompletionStage<Void> first = append(batch.subList(0, half));
            return first.thenCompose(done -> append(batch.subList(half, batch.size())));
        }
        JournalEntry sized = new JournalEntry(0, entry.appendedAtMillis(), entry.groups(), payload.length);
        CompletableFuture<Long> durable;
        try {
            // Bookkeeping runs on the writer thread in sequence order: a sink first named by this record
            // must not get a channel from a later record's bookkeeping that ran first, or its cursor
            // would start past this record (the crash test lost one such record).
            durable = log.append(payload, sequence -> durable(sized.withSequence(sequence)));
        } catch (JournalFullException e) {
            metrics.full();
            return CompletableFuture.failedFuture(new org.homeport.api.journal.JournalFullException(
                    "the journal is full (" + e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                            + "); sinks are behind", retryAfter));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return durable.thenApply(sequence -> null);
    }

    /** Runs on the journal's writer thread, once per record, in sequence order, before the append completes. */
    private void durable(JournalEntry entry) {
        // Kept only while the budget has room. Evicting the oldest instead would throw away exactly
        // what a lagging sink reads next, so it would read everything from disk while the heap churned
        // through records no one read from memory; this way a sink that fell behind reads from disk
        // until it has caught up, and the cache refills as it delivers.
        long heap = heapOf(entry);
        if (recentBytes.get() + heap <= recentBudget) {
            recent.put(entry.sequence(), entry);
            recentBytes.addAndGet(heap);
        }
        countIn(entry.sequence(), entry.appendedAtMillis(), entry.sizeBytes(), summaryOf(entry));
        synchronized (appended) {
            lastDurable = entry.sequence();
            appended.notifyAll();
        }
    }

    /**
     * What a decoded record holds on the heap, estimated: its events as objects (strings as UTF-16,
     * a map entry and a boxed value per attribute) take about four times their compact encoding.
     */
    static long heapOf(JournalEntry entry) {
        return 4L * entry.sizeBytes() + 64L * entry.eventCount();
    }

    private static List<RecordCodec.GroupSummary> summaryOf(JournalEntry entry) {
        List<RecordCodec.GroupSummary> out = new ArrayList<>(entry.groups().size());
        for (JournalEntry.Group group : entry.groups()) {
            out.add(new RecordCodec.GroupSummary(group.sinks(), group.events().size()));
        }
        return out;
    }

    /** Counts a record's events into the backlog of each sink it is bound for; new sinks start here. */
    private void countIn(long sequence, long appendedAt, int size, List<RecordCodec.GroupSummary> groups) {
        int total = 0;
        for (RecordCodec.GroupSummary group : groups) {
            total += group.events();
        }
        for (RecordCodec.GroupSummary group : groups) {
            for (String sink : group.sinks()) {
                // A sink first named here has nothing older to get: its cursor starts just before.
                SinkChannel channel = channel(sink, sequence - 1);
                if (sequence > channel.cursor()) {
                    channel.added(group.events(), SinkChannel.share(size, group.events(), total), appendedAt);
                }
            }
        }
    }

    @Override
    public void awaitAfter(long sequence, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (appended) {
            while (lastDurable <= sequence) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                appended.wait(left);
            }
        }
    }

    // ---- reading for delivery ----

    @Override
    public List<JournalEntry> entriesAfter(long cursor, String sink, int maxEvents, long maxBytes) throws IOException {
        List<JournalEntry> out = new ArrayList<>();
        long next = cursor + 1;
        int events = 0;
        long bytes = 0;
        while (events < maxEvents && bytes < maxBytes && next <= lastDurable) {
            JournalEntry cached = recent.get(next);
            if (cached != null) {
                out.add(cached);
                events += cached.eventCountFor(sink);
                bytes += cached.sizeBytes();
                next++;
                continue;
            }
            List<JournalRecord> records = log.read(next, READ_RECORDS, maxBytes - bytes);
            if (records.isEmpty()) {
                break;
            }
            for (JournalRecord record : records) {
                JournalEntry entry = decodeFor(record, sink);
                out.add(entry);
                events += entry.eventCount();
                bytes += record.payload().length;
                next = record.sequence() + 1;
                if (events >= maxEvents || bytes >= maxBytes) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * A record as one sink needs it: decoded only if it holds events for that sink (most records of
     * a busy node are for others when one sink is far behind); otherwise an empty entry at its
     * sequence, so the cursor moves past it.
     */
    private JournalEntry decodeFor(JournalRecord record, String sink) {
        try {
            RecordCodec.Summary summary = RecordCodec.summarize(record.payload());
            boolean forSink = summary.groups().stream().anyMatch(group -> group.sinks().contains(sink));
            if (!forSink) {
                return new JournalEntry(record.sequence(), summary.appendedAtMillis(), List.of(), record.payload().length);
            }
            JournalEntry entry = RecordCodec.decode(record.sequence(), record.payload());
            Predicate<TelemetryEvent> erased = erasures.matcher(record.sequence());
            return erased == null ? entry : entry.without(erased);
        } catch (MalformedRecordException e) {
            metrics.corrupt(1);
            LOG.warn("Journal record {} cannot be decoded ({}); skipped", record.sequence(), e.getMessage());
            return new JournalEntry(record.sequence(), clock.millis(), List.of(), record.payload().length);
        }
    }

    @Override
    public String withheld(long sequence, TelemetryEvent event) {
        if (erasures.erased(sequence, event)) {
            return "erased";
        }
        Duration retention = retention(event.purpose());
        if (!retention.isZero() && event.occurredAt().plus(retention).isBefore(clock.instant())) {
            return "retention";
        }
        return null;
    }

    private Duration retention(String purpose) {
        for (Catalog catalog : catalogs) {
            Optional<Purpose> declared = catalog.purpose(purpose);
            if (declared.isPresent()) {
                return declared.get().retention();
            }
        }
        return Duration.ZERO;
    }

    @Override
    public void deadLetter(String sink, List<TelemetryEvent> events, String reason) throws IOException {
        deadLetters.add(sink, events, reason, clock.instant());
    }

    @Override
    public void storeCursor(String sink, long sequence) throws IOException {
        cursors.store(sink, sequence);
    }

    /** Deletes the segments every sink has acknowledged, by their stored cursors. */
    @Override
    public void cursorMoved() {
        long min = Long.MAX_VALUE;
        for (SinkChannel channel : channels.values()) {
            min = Math.min(min, channel.storedCursor());
        }
        if (min == Long.MAX_VALUE) {
            min = lastDurable;
        }
        try {
            log.deleteSegmentsBefore(min + 1);
            if (min >= lastDurable && min > 0 && (log.activeSegmentBytes() > settings.segmentBytes() / 4
                    || log.usedBytes() > log.quotaBytes() / 2)) {
                // Every sink has everything: the segment being written can go too, or a quota smaller than
                // a few segments would fill up with delivered events.
                log.sealActive();
                log.deleteSegmentsBefore(min + 1);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.warn("Could not delete delivered journal segments: {}", e.toString());
        }
        erasures.forgetUpTo(min);
        long first = log.firstSequence();
        while (true) {
            Map.Entry<Long, JournalEntry> oldest = recent.firstEntry();
            if (oldest == null || oldest.getKey() >= first && oldest.getKey() > min) {
                break;
            }
            if (recent.remove(oldest.getKey(), oldest.getValue())) {
                recentBytes.addAndGet(-heapOf(oldest.getValue()));
            }
        }
    }

    @Override
    public DeliveryMetrics metrics() {
        return metrics;
    }

    // ---- status ----

    @Override
    public long usedBytes() {
        return log.usedBytes();
    }

    @Override
    public long quotaBytes() {
        return log.quotaBytes();
    }

    @Override
    public List<SinkBacklog> backlog() {
        long now = clock.millis();
        Map<String, SinkBacklog> out = new TreeMap<>();
        channels.forEach((name, channel) -> out.put(name, channel.backlog(deadLetters.count(name), now)));
        for (String sink : deadLetters.sinks()) {
            out.computeIfAbsent(sink, name -> new SinkBacklog(name, 0, 0, Duration.ZERO, deadLetters.count(name),
                    "idle", null));
        }
        return List.copyOf(out.values());
    }

    /**
     * Recounts every sink's backlog from the journal's record headers: at start, and after an
     * erasure changed records. Only channels' counts change; cursors stay.
     */
    private synchronized void recount(boolean creating) throws IOException {
        Map<String, long[]> counts = new HashMap<>();
        long from = log.firstSequence();
        long limit = log.lastDurableSequence();
        while (from <= limit) {
            List<JournalRecord> records = log.read(from, 4096, 64L * 1024 * 1024);
            if (records.isEmpty()) {
                break;
            }
            for (JournalRecord record : records) {
                RecordCodec.Summary summary;
                try {
                    summary = RecordCodec.summarize(record.payload());
                } catch (MalformedRecordException e) {
                    continue;
                }
                int total = summary.groups().stream().mapToInt(RecordCodec.GroupSummary::events).sum();
                for (RecordCodec.GroupSummary group : summary.groups()) {
                    for (String sink : group.sinks()) {
                        SinkChannel channel = creating ? channel(sink, record.sequence() - 1) : channels.get(sink);
                        if (channel == null || record.sequence() <= channel.cursor()) {
                            continue;
                        }
                        long[] c = counts.computeIfAbsent(sink, k -> new long[] {0, 0, 0});
                        c[0] += group.events();
                        c[1] += SinkChannel.share(record.payload().length, group.events(), total);
                        if (c[2] == 0 && group.events() > 0) {
                            c[2] = summary.appendedAtMillis();
                        }
                    }
                }
                from = record.sequence() + 1;
            }
        }
        channels.forEach((name, channel) -> {
            long[] c = counts.getOrDefault(name, new long[] {0, 0, 0});
            channel.recounted(c[0], c[1], c[2]);
        });
    }

    // ---- data-subject requests ----

    @Override
    public CompletionStage<Long> export(SubjectQuery query, Path into) {
        try {
            Predicate<TelemetryEvent> match = matcher(List.of(query));
            long n = 0;
            try (BufferedWriter out = Files.newBufferedWriter(into, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                for (TelemetryEvent event : waiting(match)) {
                    out.write(EventJson.toJson(event));
                    out.write('\n');
                    n++;
                }
            }
            return CompletableFuture.completedFuture(n);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Events still waiting for some sink, or dead-lettered, that {@code match}. */
    private List<TelemetryEvent> waiting(Predicate<TelemetryEvent> match) throws IOException {
        List<TelemetryEvent> out = new ArrayList<>();
        long from = log.firstSequence();
        while (true) {
            List<JournalRecord> records = log.read(from, 1024, 64L * 1024 * 1024);
            if (records.isEmpty()) {
                break;
            }
            for (JournalRecord record : records) {
                from = record.sequence() + 1;
                JournalEntry entry;
                try {
                    entry = RecordCodec.decode(record.sequence(), record.payload());
                } catch (MalformedRecordException e) {
                    continue;
                }
                for (JournalEntry.Group group : entry.groups()) {
                    if (waiting(record.sequence(), group)) {
                        for (TelemetryEvent event : group.events()) {
                            if (match.test(event) && !erasures.erased(record.sequence(), event)) {
                                out.add(event);
                            }
                        }
                    }
                }
            }
        }
        out.addAll(deadLetters.events(match));
        return out;
    }

    /** Whether a group of the record at {@code sequence} has not reached all its sinks yet. */
    private boolean waiting(long sequence, JournalEntry.Group group) {
        return group.sinks().stream().anyMatch(sink -> {
            SinkChannel channel = channels.get(sink);
            return channel == null || sequence > channel.cursor();
        });
    }

    @Override
    public CompletionStage<Long> erase(SubjectQuery query) {
        return eraseAll(List.of(query));
    }

    /**
     * Removes every matching event from the journal (its segments rewritten and forced), from the
     * records kept in memory and from the dead letters, and withholds them from any batch already
     * read, before it answers. Records appended after the erasure began are not searched: they are
     * new events (callers stop them first when that matters, as a withdrawal does).
     */
    @Override
    public synchronized CompletionStage<Long> eraseAll(List<SubjectQuery> queries) {
        if (queries.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        Predicate<TelemetryEvent> match = matcher(queries);
        ErasureFilter.Erasure erasure = erasures.begin(match);
        try {
            AtomicLong erased = new AtomicLong();
            Function<JournalRecord, byte[]> transform = record -> {
                JournalEntry entry;
                try {
                    entry = RecordCodec.decode(record.sequence(), record.payload());
                } catch (MalformedRecordException e) {
                    return null;
                }
                JournalEntry kept = entry.without(match);
                if (kept == entry) {
                    return null;
                }
                // Copies every sink already has are removed too, but only what still waited is counted:
                // the sinks count what they held themselves, and a receipt must not count an event twice.
                for (JournalEntry.Group group : entry.groups()) {
                    if (waiting(record.sequence(), group)) {
                        erased.addAndGet(group.events().stream().filter(match).count());
                    }
                }
                return RecordCodec.encode(kept);
            };
            log.rewrite(Long.MAX_VALUE, transform);
            for (Map.Entry<Long, JournalEntry> e : recent.entrySet()) {
                JournalEntry kept = e.getValue().without(match);
                if (kept != e.getValue()) {
                    recent.replace(e.getKey(), e.getValue(), kept);
                }
            }
            long dead = deadLetters.erase(match);
            erasures.settle(erasure, lastDurable);
            trimErasures();
            recount(false);
            return CompletableFuture.completedFuture(erased.get() + dead);
        } catch (IOException | RuntimeException e) {
            // Stays in force in memory: what could not be rewritten is at least never delivered.
            erasures.settle(erasure, Long.MAX_VALUE);
            LOG.warn("Erasure in the journal failed: {}", e.toString());
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Erasures only matter for records some sink has yet to read. */
    private void trimErasures() {
        long min = Long.MAX_VALUE;
        for (SinkChannel channel : channels.values()) {
            min = Math.min(min, channel.cursor());
        }
        erasures.forgetUpTo(min == Long.MAX_VALUE ? lastDurable : min);
    }

    private static Predicate<TelemetryEvent> matcher(Collection<SubjectQuery> queries) {
        List<SubjectQuery> all = List.copyOf(queries);
        return event -> {
            String device = event.source().device();
            for (SubjectQuery query : all) {
                if (query.matches(event.tenant(), event.purpose(), event.subject(), device)) {
                    return true;
                }
            }
            return false;
        };
    }

    // ---- operations: dead letters and replay ----

    @Override
    public Range range() {
        return new Range(log.firstSequence(), lastDurable);
    }

    private void requireKnown(String sink) {
        if (sink == null || !(sinks.containsKey(sink) || channels.containsKey(sink) || deadLetters.count(sink) > 0)) {
            throw new JournalOperationException(JournalOperationException.Kind.NOT_FOUND,
                    "no sink named '" + sink + "' is registered or has events in the journal");
        }
    }

    @Override
    public List<DeadLetterView> deadLetters(String sink, int max) {
        requireKnown(sink);
        if (max < 1 || max > 10_000) {
            throw new JournalOperationException(JournalOperationException.Kind.INVALID, "max must be 1..10000");
        }
        try {
            return deadLetters.list(sink, max).stream().map(letter -> new DeadLetterView(sink, letter.sequence(),
                    letter.deadAt(), letter.reason(), letter.event().id(), letter.event().type(),
                    letter.event().purpose(), letter.event().occurredAt())).toList();
        } catch (IOException e) {
            throw new JournalOperationException(JournalOperationException.Kind.FAILED, "reading dead letters failed: " + e);
        }
    }

    /** Moves a sink's dead letters back into the journal, bound for that sink only; returns how many. */
    @Override
    public int replayDeadLetters(String sink) {
        requireKnown(sink);
        try {
            return deadLetters.replay(sink, events -> appendAndWait(events, sink));
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public long replay(String sink, String source, long from, long to, long maxEvents) {
        requireKnown(sink);
        requireKnown(source);
        if (from < 1 || to < from || maxEvents < 1) {
            throw new JournalOperationException(JournalOperationException.Kind.INVALID,
                    "a replay needs 1 <= from <= to and a positive max; the journal holds " + log.firstSequence()
                            + ".." + lastDurable);
        }
        if (aggregatingSinks.contains(source) && !aggregatingSinks.contains(sink)) {
            throw new JournalOperationException(JournalOperationException.Kind.INVALID, "'" + source
                    + "' keeps only k-anonymous aggregates; what it was sent must not reach '" + sink + "'");
        }
        try {
            return replayRange(sink, source, from, to, maxEvents);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static JournalOperationException failed(IOException e) {
        if (e.getCause() instanceof org.homeport.api.journal.JournalFullException) {
            return new JournalOperationException(JournalOperationException.Kind.FULL, e.getCause().getMessage());
        }
        return new JournalOperationException(JournalOperationException.Kind.FAILED, e.getMessage());
    }

    private long replayRange(String sink, String sourceSink, long from, long to, long maxEvents) throws IOException {
        long next = Math.max(from, log.firstSequence());
        long appendedEvents = 0;
        while (next <= Math.min(to, lastDurable) && appendedEvents < maxEvents) {
            List<JournalRecord> records = log.read(next, 256, 8L * 1024 * 1024);
            if (records.isEmpty()) {
                break;
            }
            List<TelemetryEvent> chunk = new ArrayList<>();
            for (JournalRecord record : records) {
                if (record.sequence() > to) {
                    break;
                }
                next = record.sequence() + 1;
                JournalEntry entry = decodeFor(record, sourceSink);
                for (TelemetryEvent event : entry.eventsFor(sourceSink)) {
                    if (appendedEvents + chunk.size() < maxEvents && !erasures.erased(record.sequence(), event)) {
                        chunk.add(event);
                    }
                }
            }
            appendAndWait(chunk, sink);
            appendedEvents += chunk.size();
            if (records.get(records.size() - 1).sequence() > to) {
                break;
            }
        }
        return appendedEvents;
    }

    private void appendAndWait(List<TelemetryEvent> events, String sink) throws IOException {
        for (int i = 0; i < events.size(); i += 1000) {
            List<RoutedEvent> routed = events.subList(i, Math.min(events.size(), i + 1000)).stream()
                    .map(event -> new RoutedEvent(event, Set.of(sink))).toList();
            try {
                append(routed).toCompletableFuture().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
