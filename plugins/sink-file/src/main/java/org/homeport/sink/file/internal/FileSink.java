package org.homeport.sink.file.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.RetentionCapable;
import org.homeport.api.sink.RetentionResult;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SubjectDataCapable;
import org.homeport.api.sink.SubjectQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events as JSON lines into per-purpose, per-day files, one sink per factory
 * configuration {@code org.homeport.sink.file~<name>}.
 *
 * <p>{@link #write} only encodes the batch and queues it, so callers never block. One writer
 * thread owned by this sink takes everything queued at once, appends it, forces each touched
 * file once (group commit) and only then completes the batches' futures, on the writer thread.
 *
 * <p>Retention runs on the writer thread between group commits. Export and erase do not: they
 * would stall every write while they scan a purpose. The writer only commits what was queued
 * before them and hands over a snapshot of the files to read (for an erase, closing the files
 * first, so the next writes go to new files); the scan and the rewrites run on the sink's own
 * maintenance thread, at most {@value #MAINTENANCE_QUEUE} requests waiting for it, while writes
 * go on.
 *
 * <p>There is no {@code @Modified}: a changed configuration (directory, queue size) restarts the
 * component, and deactivation drains what was queued, so nothing accepted is lost.
 */
@Component(
        service = {Sink.class, RetentionCapable.class, SubjectDataCapable.class},
        configurationPid = FileSink.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // Batches only queue for the one writer, which commits what is queued together: several in flight cost nothing.
        property = {Sink.NAME_PROPERTY + "=file", Sink.CONCURRENT_WRITES_PROPERTY + ":Integer=8"})
@Designate(ocd = FileSink.Config.class, factory = true)
public class FileSink implements Sink, RetentionCapable, SubjectDataCapable {
    static final String PID = "org.homeport.sink.file";
    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);
    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofSeconds(30);
    /** How long a past day's file stays open for late events after the last write. */
    private static final Duration IDLE_GRACE = Duration.ofMinutes(1);
    /** Export and erase requests that may wait for the maintenance thread; more fail at once. */
    static final int MAINTENANCE_QUEUE = 64;

    @ObjectClassDefinition(name = "Homeport file sink",
            description = "Writes events as JSON lines, one directory per purpose and one file per day, rotated by size.")
    public @interface Config {
        @AttributeDefinition(name = "Sink name",
                description = "The name pipelines select this sink by (service property homeport.sink.name).")
        String homeport_sink_name() default "file";

        @AttributeDefinition(name = "Directory",
                description = "Base directory; relative paths resolve against ${karaf.data}. Empty: ${karaf.data}/homeport/events")
        String directory() default "";

        @AttributeDefinition(name = "Rotate at bytes",
                description = "Start a new file when the current one would grow past this size.")
        long rotate_bytes() default 67108864L;

        @AttributeDefinition(name = "Fsync policy",
                description = "batch: force written data to disk before acknowledging a batch. "
                        + "never: acknowledge once handed to the operating system.",
                options = {@Option(label = "batch", value = "batch"), @Option(label = "never", value = "never")})
        String fsync() default "batch";

        @AttributeDefinition(name = "Queue capacity",
                description = "How many batches may wait for the writer; further writes fail at once until it catches up.")
        int queue_capacity() default 1024;

        @AttributeDefinition(name = "Remembered ids",
                description = "How many event ids the sink remembers, over all its open files, to skip events "
                        + "redelivered into the file that already holds them (at most 100000000). When full, the "
                        + "open file remembering the most ids is closed and continues in a new file.")
        long dedupe_max_ids() default Settings.DEFAULT_DEDUPE_MAX_IDS;

        @AttributeDefinition(name = "Remembered ids, bytes",
                description = "How much heap those ids may take (estimated: 38 bytes plus 2 per character of "
                        + "each id and its tenant). When full, as for Remembered ids.")
        long dedupe_max_bytes() default Settings.DEFAULT_DEDUPE_MAX_BYTES;
    }

    /** Work for the writer thread, in arrival order. */
    private sealed interface Task permits WriteTask, RetentionTask, SnapshotTask, Stop {
    }

    private record Line(String purpose, LocalDate day, String tenant, String id, byte[] bytes) {
    }

    private static final class WriteTask implements Task {
        final List<Line> lines;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Set<DailyFiles.OpenFile> files = Collections.newSetFromMap(new IdentityHashMap<>());
        IOException failure;

        WriteTask(List<Line> lines) {
            this.lines = lines;
        }
    }

    private record RetentionTask(String purpose, Instant cutoff, CompletableFuture<RetentionResult> done)
            implements Task {
    }

    /**
     * Commits what was queued before, then lists the purposes' files (every purpose for an empty
     * set) with their sizes; with {@code close}, closes the purposes' open files first, so nothing
     * is appended to the listed files any more.
     */
    private record SnapshotTask(Set<String> purposes, boolean close, CompletableFuture<List<SubjectData.FileSize>> done)
            implements Task {
    }

    private record Stop() implements Task {
    }

    private final Settings settings;
    private final Clock clock;
    private final DailyFiles files;
    private final SubjectData subjectData;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    /** Runs export and erase scans; {@link #ownMaintenance} unless a test hands in its own. */
    private final Executor maintenance;
    private final ThreadPoolExecutor ownMaintenance;
    /** Held by retention while it deletes, and by an erase while a rewritten file replaces the original. */
    private final ReentrantLock replacing = new ReentrantLock();
    /** Batches accepted and not yet settled; bounded by {@code queue.capacity}. */
    private final AtomicInteger pendingBatches = new AtomicInteger();
    /** Writers share it to enqueue; stopping takes it exclusively so no write slips in after the stop marker. */
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private boolean stopping;
    private final Thread writer;
    /** Written by the writer thread in each commit, before it completes the futures. */
    private volatile long duplicatesSkipped;
    /** Writer thread only: what the last log line about skipped duplicates covered, and when it was. */
    private long duplicatesLogged;
    private Instant duplicatesLoggedAt = Instant.MIN;

    @Activate
    public FileSink(Config config) {
        this(Settings.from(config, System.getProperty("karaf.data")), null, Clock.systemUTC());
    }

    /**
     * @param threadFactory makes the writer thread; {@code null} for a plain named daemon thread
     */
    FileSink(Settings settings, ThreadFactory threadFactory, Clock clock) {
        this(settings, threadFactory, clock, null);
    }

    /** @param maintenance runs export and erase scans; {@code null} for the sink's own thread */
    FileSink(Settings settings, ThreadFactory threadFactory, Clock clock, Executor maintenance) {
        this.settings = settings;
        this.clock = clock;
        this.files = new DailyFiles(settings.directory(), settings.rotateBytes(), settings.fsyncBatch(),
                settings.dedupeMaxIds(), settings.dedupeMaxBytes());
        this.subjectData = new SubjectData(settings.name());
        if (maintenance == null) {
            this.ownMaintenance = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(MAINTENANCE_QUEUE), runnable -> {
                        Thread thread = new Thread(runnable, "homeport-file-sink-" + settings.name() + "-maintenance");
                        thread.setDaemon(true);
                        return thread;
                    });
            this.maintenance = ownMaintenance;
        } else {
            this.ownMaintenance = null;
            this.maintenance = maintenance;
        }
        int leftovers = files.removeErasingLeftovers();
        if (leftovers > 0) {
            LOG.info("File sink '{}' removed {} temporary file(s) of erasures cut short before this start",
                    settings.name(), leftovers);
        }
        Runnable loop = this::runWriter;
        this.writer = threadFactory != null ? threadFactory.newThread(loop) : new Thread(loop);
        writer.setName("homeport-file-sink-" + settings.name());
        writer.setDaemon(true);
        // Started last: every field the writer reads is assigned, and start() publishes them.
        writer.start();
        LOG.info("File sink '{}' writing to {} (fsync={}, rotate.bytes={}, queue.capacity={}, dedupe.max.ids={}, "
                + "dedupe.max.bytes={})", settings.name(), settings.directory(), settings.fsyncPolicy(),
                settings.rotateBytes(), settings.queueCapacity(), settings.dedupeMaxIds(), settings.dedupeMaxBytes());
    }

    @Override
    public CompletionStage<Void> write(List<TelemetryEvent> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Line> lines = new ArrayList<>(batch.size());
        StringBuilder json = new StringBuilder(512);
        for (TelemetryEvent event : batch) {
            if (!PurposeIds.isSafe(event.purpose())) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("file sink '" + settings.name()
                        + "' refuses a batch: a purpose id is not a safe directory name ([a-z0-9][a-z0-9._-]*, no '..')"));
            }
            json.setLength(0);
            EventJson.appendEvent(json, event);
            json.append('\n');
            lines.add(new Line(event.purpose(), LocalDate.ofInstant(event.receivedAt(), ZoneOffset.UTC),
                    event.tenant(), event.id(), json.toString().getBytes(StandardCharsets.UTF_8)));
        }
        WriteTask task = new WriteTask(lines);
        admission.readLock().lock();
        try {
            if (stopping) {
                return CompletableFuture.failedFuture(stoppingException());
            }
            if (pendingBatches.incrementAndGet() > settings.queueCapacity()) {
                pendingBatches.decrementAndGet();
                return CompletableFuture.failedFuture(
                        new IllegalStateException("file sink '" + settings.name() + "' is saturated"));
            }
            tasks.add(task);
        } finally {
            admission.readLock().unlock();
        }
        return task.done;
    }

    /** Runs on the writer thread, so it never races with files being appended to. */
    @Override
    public CompletionStage<RetentionResult> deleteOlderThan(String purpose, Instant cutoff) {
        if (!PurposeIds.isSafe(purpose)) {
            return CompletableFuture.failedFuture(unsafePurpose());
        }
        RetentionTask task = new RetentionTask(purpose, cutoff, new CompletableFuture<>());
        return enqueue(task, task.done());
    }

    /**
     * Sees every write queued before it; the scan runs on the maintenance thread, reading each file
     * only as far as it was written when the export was asked for.
     */
    @Override
    public CompletionStage<Long> export(SubjectQuery query, Path into) {
        if (!query.purposes().stream().allMatch(PurposeIds::isSafe)) {
            return CompletableFuture.failedFuture(unsafePurpose());
        }
        if (into.toAbsolutePath().normalize().startsWith(settings.directory())) {
            // It would be scanned while it grows.
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "file sink '" + settings.name() + "': the export target must be outside the sink's directory"));
        }
        return onMaintenance(snapshot(query.purposes(), false), "export",
                snapshot -> subjectData.export(query, into, snapshot));
    }

    @Override
    public CompletionStage<Long> erase(SubjectQuery query) {
        return eraseAll(List.of(query));
    }

    /**
     * Erases what matches any of the queries in one pass over the files of their purposes. Sees
     * every write queued before it: the writer commits them and closes those purposes' files, then
     * goes on writing (to new files) while the maintenance thread scans and rewrites.
     */
    @Override
    public CompletionStage<Long> eraseAll(List<SubjectQuery> queries) {
        if (queries.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        Set<String> purposes = new java.util.TreeSet<>();
        for (SubjectQuery query : queries) {
            if (!query.purposes().stream().allMatch(PurposeIds::isSafe)) {
                return CompletableFuture.failedFuture(unsafePurpose());
            }
            if (query.purposes().isEmpty()) {
                purposes = Set.of();
                break;
            }
            purposes.addAll(query.purposes());
        }
        List<SubjectQuery> all = List.copyOf(queries);
        return onMaintenance(snapshot(purposes, true), "erase",
                snapshot -> subjectData.erase(all, snapshot.stream().map(SubjectData.FileSize::path).toList(),
                        replacing));
    }

    private CompletableFuture<List<SubjectData.FileSize>> snapshot(Set<String> purposes, boolean close) {
        SnapshotTask task = new SnapshotTask(Set.copyOf(purposes), close, new CompletableFuture<>());
        return enqueue(task, task.done()).toCompletableFuture();
    }

    /** A scan over a snapshot, on the maintenance thread. */
    @FunctionalInterface
    private interface Scan {
        long run(List<SubjectData.FileSize> snapshot) throws IOException;
    }

    /** A scan waiting for the maintenance thread; failed instead of run when the sink stops. */
    private record MaintenanceJob(CompletableFuture<Long> result, Runnable scan) implements Runnable {
        @Override
        public void run() {
            scan.run();
        }
    }

    private CompletionStage<Long> onMaintenance(CompletableFuture<List<SubjectData.FileSize>> snapshot, String what,
            Scan scan) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        snapshot.whenComplete((files, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            try {
                maintenance.execute(new MaintenanceJob(result, () -> {
                    try {
                        result.complete(scan.run(files));
                    } catch (IOException | RuntimeException e) {
                        // Only the type: a message may name the export target, which may name the subject.
                        LOG.warn("File sink '{}' {} failed: {}", settings.name(), what, e.getClass().getName());
                        result.completeExceptionally(e);
                    }
                }));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(ownMaintenance != null && ownMaintenance.isShutdown() ? stoppingException()
                        : new IllegalStateException("file sink '" + settings.name() + "' has " + MAINTENANCE_QUEUE
                                + " export or erase requests waiting; try again later"));
            }
        });
        return result;
    }

    private <T> CompletionStage<T> enqueue(Task task, CompletableFuture<T> done) {
        admission.readLock().lock();
        try {
            if (stopping) {
                return CompletableFuture.failedFuture(stoppingException());
            }
            tasks.add(task);
        } finally {
            admission.readLock().unlock();
        }
        return done;
    }

    /** Stops accepting work, writes and forces everything already queued, closes the files. */
    @Deactivate
    void deactivate() {
        admission.writeLock().lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
            tasks.add(new Stop());
        } finally {
            admission.writeLock().unlock();
        }
        if (ownMaintenance != null) {
            // Waiting scans fail (their callers retry); one running is interrupted and leaves each
            // file either as it was or fully rewritten.
            for (Runnable waiting : ownMaintenance.shutdownNow()) {
                if (waiting instanceof MaintenanceJob job) {
                    job.result().completeExceptionally(stoppingException());
                }
            }
            try {
                ownMaintenance.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                // Keep waiting: returning early would leave accepted batches unwritten.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("File sink '{}' stopped", settings.name());
    }

    /**
     * Events skipped because the file they went to already held their tenant and id; includes
     * every batch whose future has completed.
     */
    long duplicatesSkipped() {
        return duplicatesSkipped;
    }

    private IllegalArgumentException unsafePurpose() {
        return new IllegalArgumentException("file sink '" + settings.name()
                + "': purpose id is not a safe directory name ([a-z0-9][a-z0-9._-]*, no '..')");
    }

    private IllegalStateException stoppingException() {
        return new IllegalStateException("file sink '" + settings.name() + "' is stopping");
    }

    private void runWriter() {
        List<Task> group = new ArrayList<>();
        List<WriteTask> writes = new ArrayList<>();
        boolean running = true;
        try {
            while (running) {
                Task first;
                try {
                    first = tasks.poll(HOUSEKEEPING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // Only deactivate() stops this thread; an interrupt would also close channels mid-write.
                    continue;
                }
                if (first != null) {
                    group.add(first);
                    tasks.drainTo(group);
                    for (Task task : group) {
                        if (task instanceof WriteTask write) {
                            writes.add(write);
                            continue;
                        }
                        commit(writes);
                        if (task instanceof RetentionTask retention) {
                            runRetention(retention);
                        } else if (task instanceof SnapshotTask snapshot) {
                            runSnapshot(snapshot);
                        } else {
                            running = false;
                        }
                    }
                    commit(writes);
                    group.clear();
                }
                Instant now = clock.instant();
                files.closeIdle(LocalDate.ofInstant(now, ZoneOffset.UTC), now.minus(IDLE_GRACE));
                logDuplicates(now, false);
            }
        } finally {
            files.closeAll();
            logDuplicates(clock.instant(), true);
        }
    }

    /** At most one line per housekeeping interval, with the count since the last one. */
    private void logDuplicates(Instant now, boolean last) {
        long skipped = files.duplicatesSkipped();
        duplicatesSkipped = skipped;
        if (skipped == duplicatesLogged
                || (!last && now.isBefore(duplicatesLoggedAt.plus(HOUSEKEEPING_INTERVAL)))) {
            return;
        }
        LOG.info("File sink '{}' skipped {} redelivered event(s) already in the file they went to", settings.name(),
                skipped - duplicatesLogged);
        duplicatesLogged = skipped;
        duplicatesLoggedAt = now;
    }

    /** Appends all batches, forces each touched file once, then settles every batch's future. */
    private void commit(List<WriteTask> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (WriteTask write : writes) {
                append(write, now);
            }
            files.flushAll();
            duplicatesSkipped = files.duplicatesSkipped();
        } catch (RuntimeException e) {
            LOG.error("File sink '{}' failed unexpectedly while writing {} batch(es)", settings.name(), writes.size(), e);
            for (WriteTask write : writes) {
                write.done.completeExceptionally(e);
            }
            pendingBatches.addAndGet(-writes.size());
            writes.clear();
            return;
        }
        int failed = 0;
        Set<DailyFiles.OpenFile> failedFiles = Collections.newSetFromMap(new IdentityHashMap<>());
        for (WriteTask write : writes) {
            IOException failure = write.failure;
            for (DailyFiles.OpenFile file : write.files) {
                if (file.failure() != null) {
                    failedFiles.add(file);
                    if (failure == null) {
                        failure = file.failure();
                    }
                }
            }
            pendingBatches.decrementAndGet();
            if (failure == null) {
                write.done.complete(null);
            } else {
                failed++;
                write.done.completeExceptionally(failure);
            }
        }
        for (DailyFiles.OpenFile file : failedFiles) {
            LOG.warn("File sink '{}' cannot write to {}: {}", settings.name(), file.path, file.failure().toString());
        }
        if (failed > 0) {
            LOG.warn("File sink '{}' could not store {} of {} batch(es); they will be retried", settings.name(),
                    failed, writes.size());
        }
        writes.clear();
    }

    private void append(WriteTask write, Instant now) {
        for (Line line : write.lines) {
            try {
                DailyFiles.OpenFile file = files.append(line.purpose(), line.day(), line.tenant(), line.id(),
                        line.bytes(), now);
                if (file != null) {
                    // Also when the line was skipped: the batch is stored only once the earlier line is.
                    write.files.add(file);
                }
            } catch (IOException e) {
                LOG.warn("File sink '{}' cannot write to {}: {}", settings.name(),
                        settings.directory().resolve(line.purpose()), e.toString());
                write.failure = e;
                return;
            }
        }
    }

    private void runRetention(RetentionTask task) {
        // An erase replacing a file at this moment finishes first; then it sees the file is gone.
        replacing.lock();
        try {
            DailyFiles.Deleted deleted = files.deleteOlderThan(task.purpose(), task.cutoff());
            if (deleted.files() > 0) {
                LOG.info("File sink '{}' deleted {} file(s) ({} events, {} bytes) of purpose {} older than {}",
                        settings.name(), deleted.files(), deleted.events(), deleted.bytes(), task.purpose(), task.cutoff());
            }
            Instant oldestHeld = deleted.oldestHeld() == null ? null
                    : deleted.oldestHeld().atStartOfDay(ZoneOffset.UTC).toInstant();
            task.done().complete(RetentionResult.of(deleted.files(), "files", deleted.events(), deleted.bytes(),
                    oldestHeld));
        } catch (IOException | RuntimeException e) {
            LOG.warn("File sink '{}' retention for purpose {} failed: {}", settings.name(), task.purpose(), e.toString());
            task.done().completeExceptionally(e);
        } finally {
            replacing.unlock();
        }
    }

    private void runSnapshot(SnapshotTask task) {
        try {
            List<String> purposes = task.purposes().isEmpty() ? files.purposes()
                    : task.purposes().stream().sorted().toList();
            if (task.close()) {
                for (String purpose : purposes) {
                    files.finishPurpose(purpose);
                }
            } else {
                files.flushAll();
            }
            List<SubjectData.FileSize> snapshot = new ArrayList<>();
            for (String purpose : purposes) {
                for (Path file : files.dayFiles(purpose)) {
                    snapshot.add(new SubjectData.FileSize(file, java.nio.file.Files.size(file)));
                }
            }
            task.done().complete(snapshot);
        } catch (IOException | RuntimeException e) {
            LOG.warn("File sink '{}' could not list its files for a request: {}", settings.name(), e.getClass().getName());
            task.done().completeExceptionally(e);
        }
    }
}
