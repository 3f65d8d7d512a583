package org.homeport.aggregate.kanon.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import io.micrometer.core.instrument.MeterRegistry;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.journal.Journal;
import org.homeport.api.journal.JournalFullException;
import org.homeport.api.journal.RoutedEvent;
import org.homeport.api.sink.Sink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink that keeps no individual events: it counts them per group (tenant, purpose and the values
 * of {@code group.by}) in tumbling time windows and, when a window closes, appends one aggregate per
 * group of at least {@code k} events to the node's {@link Journal}, routed to the sinks named in
 * {@code emit.sinks}; the journal's delivery feeds those sinks (per-sink cursors, retries, dead
 * letters). Smaller groups are suppressed. One aggregator per factory configuration
 * {@code org.homeport.aggregate~<name>}.
 *
 * <p>Everything that touches the counts runs on one writer thread owned by this aggregator:
 * counting accepted batches (appended to the state log and forced before their futures complete),
 * closing windows on a schedule, and recording which parts the journal holds durably. {@link
 * #write} only extracts group keys and queues the batch, so callers never block.
 *
 * <p>A part counts as emitted once the journal has its aggregates durably; only then is it
 * recorded as emitted in the state log. A crash between the two appends the part again after the
 * restart, with the same ids (see {@link Aggregates#id}).
 *
 * <p>There is no {@code @Modified}: a changed configuration restarts the aggregator. Stopping
 * closes every open window early (its aggregates are marked partial) and keeps in the state log
 * whatever the journal did not make durable in time, for the next start.
 */
@Component(
        service = Sink.class,
        configurationPid = KAnonymousAggregator.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // Immediate: windows restored from the state log must be emitted even if no pipeline writes yet.
        immediate = true,
        property = Sink.AGGREGATING_PROPERTY + ":Boolean=true")
@Designate(ocd = KAnonymousAggregator.Config.class, factory = true)
public class KAnonymousAggregator implements Sink {
    static final String PID = "org.homeport.aggregate";
    private static final Logger LOG = LoggerFactory.getLogger(KAnonymousAggregator.class);
    /** How long a stopping aggregator waits for its appends to the journal to become durable. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
    /** Aggregates per append: a large window part goes to the journal in pieces of this size. */
    static final int APPEND_BATCH = 1000;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);
    private static final int REPORTS_KEPT = 100;
    private static final int WARNED_WINDOWS_KEPT = 1024;

    @ObjectClassDefinition(name = "Homeport k-anonymous aggregates",
            description = "A sink that keeps no individual events: it counts events and distinct people per group and "
                    + "time window and emits, to other sinks, one aggregate per group of at least k people when the "
                    + "window closes. Smaller groups are suppressed.")
    public @interface Config {
        @AttributeDefinition(name = "Sink name",
                description = "The name pipelines deliver to (service property homeport.sink.name), e.g. "
                        + "viewing-aggregates. Letters, digits, '.', '_' and '-'. Required.")
        String homeport_sink_name();

        @AttributeDefinition(name = "Group by",
                description = "Comma-separated fields whose values form a group, e.g. attributes.programme, "
                        + "attributes.channel. subject and source.device are refused. Groups are always also "
                        + "separated by tenant and purpose; empty counts per tenant and purpose only.",
                required = false)
        String[] group_by() default {};

        @AttributeDefinition(name = "Window",
                description = "Length of the tumbling windows, aligned to the UTC epoch, e.g. 1h, 15m, 1d or PT1H. "
                        + "An event is counted in the window of its occurredAt (its 'time'). At least 1s.")
        String window() default "PT1H";

        @AttributeDefinition(name = "k",
                description = "The fewest distinct people (see people.by) a group must count to be emitted; groups "
                        + "of fewer people are suppressed, however many events they have. At least 2, at most 10000.")
        int k() default 10;

        @AttributeDefinition(name = "People by",
                description = "Whose distinct ids k counts: subject (the default) or source.device. Events without "
                        + "that id all count as one person together. Counted exactly up to max(k, 32) people per group, "
                        + "beyond that estimated with a HyperLogLog sketch.",
                required = false)
        String people_by() default "subject";

        @AttributeDefinition(name = "Grace",
                description = "How long after its end a window still counts late-arriving events; it closes and "
                        + "is emitted at end + grace. Events arriving later are not counted. E.g. 5m or PT5M.")
        String grace() default "PT5M";

        @AttributeDefinition(name = "Emit to sinks",
                description = "Comma-separated names of the sinks that receive the aggregates (their "
                        + "homeport.sink.name), e.g. file. The aggregates are appended to the journal, which delivers "
                        + "them to these sinks. While a name belongs to an aggregating sink (this one included), "
                        + "nothing is appended and the aggregates wait. Required.")
        String[] emit_sinks();

        @AttributeDefinition(name = "Emitted event type",
                description = "The event type of the aggregates. Empty: <name>.aggregate", required = false)
        String emit_type() default "";

        @AttributeDefinition(name = "State directory",
                description = "Where the state log lives; relative paths resolve against ${karaf.data}. "
                        + "Empty: ${karaf.data}/homeport/aggregates/<name>. Must not be shared.",
                required = false)
        String state_dir() default "";

        @AttributeDefinition(name = "Queue capacity",
                description = "How many batches may wait for the writer thread; further writes fail at once "
                        + "until it catches up.")
        int queue_capacity() default 1024;

        @AttributeDefinition(name = "Maximum groups",
                description = "How many groups the state may hold over all windows not yet emitted. Events of a new "
                        + "group beyond it are counted in their window's overflow group (one per tenant and purpose, "
                        + "emitted like any group if it reaches k), reported on /metrics and with a WARN; no count is "
                        + "lost and nothing below k is emitted.")
        int max_groups() default Settings.StateBounds.DEFAULT_MAX_GROUPS;

        @AttributeDefinition(name = "Maximum bytes",
                description = "How many bytes of heap the groups of the state may take, estimated from the length "
                        + "of their tenant, purpose and group values plus the most their distinct people can take "
                        + "(about 600 bytes a group while k <= 32). Beyond it, as beyond max.groups, new groups go to "
                        + "the overflow group.")
        long max_bytes() default Settings.StateBounds.DEFAULT_MAX_BYTES;
    }

    /** One event as the writer needs it; built on the caller's thread. */
    private record Observation(Instant occurredAt, WindowKey window, GroupKey group, long person, boolean withoutId,
                               String ungroupablePath) {
    }

    /** What one drain adds to one group of one window part. */
    private static final class Tally {
        long events;
        final People people;

        Tally(int exactPeople) {
            people = new People(exactPeople);
        }
    }

    private record PendingWrite(List<Observation> observations, CompletableFuture<Void> done) {
    }

    private final Settings settings;
    private final Clock clock;
    private final String sourceVersion;
    private final Duration shutdownWait;
    private final Journal journal;
    /** {@code emit.sinks} as the journal takes them. */
    private final Set<String> emitSinks;
    private final List<String> groupByText;
    private final AggregatingSinks aggregatingSinks = new AggregatingSinks();
    private final StateCodec codec;
    private final AggregateState state;
    private final PersonHashes personHashes;
    private final StateLog log;
    private final ScheduledExecutorService writer;
    /** Runs tasks on the writer thread; once it is stopped they are dropped (the state log keeps what matters). */
    private final Executor onWriter;
    private final ScheduledFuture<?> ticker;

    private final Queue<PendingWrite> pendingWrites = new ConcurrentLinkedQueue<>();
    /** Batches accepted and not yet settled; bounded by {@code queue.capacity}. */
    private final AtomicInteger pendingBatches = new AtomicInteger();
    /** Writers share it to enqueue; stopping takes it exclusively so no write slips in after the flush. */
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private boolean stopping;
    /** Set on the writer thread when the log is closed; callbacks arriving later do nothing. */
    private boolean closed;

    private final AggregateMetrics metrics;
    private final AtomicLong eventsCounted = new AtomicLong();
    private final AtomicLong lateEvents = new AtomicLong();
    private final AtomicLong earlyEvents = new AtomicLong();
    private final AtomicLong ungroupableEvents = new AtomicLong();
    private final AtomicLong overflowEvents = new AtomicLong();

    // Writer-thread only.
    private final Deque<Status.WindowReport> reports = new ArrayDeque<>();
    private final Set<WindowKey> lateWarned = boundedSet();
    private final Set<WindowKey> earlyWarned = boundedSet();
    private final Set<WindowKey> overflowWarned = boundedSet();
    private final Set<WindowKey> withoutIdWarned = boundedSet();
    private final Set<String> ungroupableWarned = new LinkedHashSet<>();
    private final Set<CompletableFuture<Void>> emissionsInFlight = new LinkedHashSet<>();

    @Activate
    public KAnonymousAggregator(Config config, Map<String, Object> properties, BundleContext context,
            @Reference Journal journal, @Reference MeterRegistry registry) {
        this(validatedSettings(config, properties), Clock.systemUTC(), context.getBundle().getVersion().toString(),
                SHUTDOWN_WAIT, journal, registry);
    }

    /**
     * @param sourceVersion the {@code source.version} of emitted aggregates (the bundle version)
     * @param shutdownWait  how long stopping waits for appends to the journal to become durable
     * @throws IllegalStateException if the state directory cannot be used or its log is unreadable
     */
    KAnonymousAggregator(Settings settings, Clock clock, String sourceVersion, Duration shutdownWait, Journal journal,
            MeterRegistry registry) {
        this.settings = settings;
        this.metrics = new AggregateMetrics(registry, settings.name());
        this.clock = clock;
        this.sourceVersion = sourceVersion == null || sourceVersion.isBlank() ? "aggregate" : sourceVersion;
        this.shutdownWait = shutdownWait;
        this.journal = Objects.requireNonNull(journal, "journal");
        this.emitSinks = Set.copyOf(settings.emitSinks());
        this.groupByText = settings.groupByText();
        this.codec = new StateCodec(settings.exactPeople());
        this.state = new AggregateState(settings.exactPeople());
        StateLog.Opened opened;
        try {
            opened = StateLog.open(settings.stateDir(), codec);
        } catch (IOException e) {
            throw new IllegalStateException("state.dir " + settings.stateDir() + " cannot be used: " + e, e);
        }
        this.log = opened.log();
        try {
            opened.records().forEach(state::apply);
            if (state.peopleKey() == null) {
                // a new log, or one of version 1: from now on people are hashed under a key of its own
                state.apply(new StateRecord.Key(PersonHashes.newKey(new SecureRandom())));
            }
            // Start from a compact file: drops an incomplete last line and what was already emitted.
            log.rewrite(encode(state.snapshot()));
        } catch (IOException | RuntimeException e) {
            log.close();
            throw new IllegalStateException("state.dir " + settings.stateDir() + ": cannot rewrite the state log: " + e, e);
        }
        this.personHashes = new PersonHashes(state.peopleKey());
        metrics.state(state.groups(), state.bytes());
        int restoredWindows = state.windows().size();
        long restoredParts = state.windows().stream().flatMap(w -> w.parts.values().stream()).filter(p -> p.sealed).count();

        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "homeport-aggregate-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.writer = executor;
        this.onWriter = task -> {
            try {
                writer.execute(task);
            } catch (RejectedExecutionException stopped) {
                LOG.debug("Aggregator '{}' is stopped; a late callback is dropped", settings.name());
            }
        };
        long period = settings.tickPeriod().toMillis();
        // Started last: every field the writer reads is assigned.
        this.ticker = writer.scheduleWithFixedDelay(this::scheduledTick, period, period, TimeUnit.MILLISECONDS);
        LOG.info("Aggregator '{}' counting by {} in windows of {} (grace {}, k={}) into {}, emitting {} through the "
                        + "journal to {}; "
                        + "restored {} window(s), {} part(s) waiting to be emitted",
                settings.name(), groupByText, settings.window(), settings.grace(), settings.k(),
                log.file(), settings.emitType(), settings.emitSinks(), restoredWindows, restoredParts);
    }

    private static Settings validatedSettings(Config config, Map<String, Object> properties) {
        try {
            if (!AggregatingSinks.isAggregating(properties.get(Sink.AGGREGATING_PROPERTY))) {
                throw new IllegalArgumentException(Sink.AGGREGATING_PROPERTY
                        + " cannot be set to anything but true: this sink only ever holds aggregates");
            }
            return Settings.from(config, System.getProperty("karaf.data"));
        } catch (IllegalArgumentException e) {
            LOG.error("Aggregator configuration {} is invalid: {}", properties.get("service.pid"), e.getMessage());
            throw e;
        }
    }

    // Aggregating sinks

    /**
     * Aggregating sinks, by reference only (never their service): aggregates are not appended for
     * a name one of them has, because the journal would deliver them to an aggregator.
     */
    @Reference(name = "aggregatingSink", service = Sink.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = "(" + Sink.AGGREGATING_PROPERTY + "=true)",
            unbind = "removeAggregatingSink", updated = "addAggregatingSink")
    void addAggregatingSink(ServiceReference<Sink> reference) {
        aggregatingSinks.add(reference, String.valueOf(reference.getProperty(Sink.NAME_PROPERTY)));
    }

    void removeAggregatingSink(ServiceReference<Sink> reference) {
        aggregatingSinks.remove(reference);
    }

    /** The aggregating sinks registered now; tests add fakes here. */
    AggregatingSinks aggregatingSinks() {
        return aggregatingSinks;
    }

    // Counting

    @Override
    public CompletionStage<Void> write(List<TelemetryEvent> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Observation> observations = new ArrayList<>(batch.size());
        PersonHashes.Hasher hasher = personHashes.hasher();
        for (TelemetryEvent event : batch) {
            observations.add(observe(event, hasher));
        }
        PendingWrite pending = new PendingWrite(observations, new CompletableFuture<>());
        admission.readLock().lock();
        try {
            if (stopping) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("aggregator '" + settings.name() + "' is stopping"));
            }
            if (pendingBatches.incrementAndGet() > settings.queueCapacity()) {
                pendingBatches.decrementAndGet();
                return CompletableFuture.failedFuture(
                        new IllegalStateException("aggregator '" + settings.name() + "' is saturated"));
            }
            pendingWrites.add(pending);
            writer.execute(this::drainWrites);
        } finally {
            admission.readLock().unlock();
        }
        return pending.done();
    }

    private Observation observe(TelemetryEvent event, PersonHashes.Hasher hasher) {
        WindowKey window;
        try {
            window = WindowKey.containing(event.occurredAt(), settings.window());
        } catch (ArithmeticException outOfRange) {
            window = null; // years beyond what epoch milliseconds hold: late or early, see drainWrites
        }
        List<Object> values = new ArrayList<>(settings.groupBy().size());
        for (FieldPath path : settings.groupBy()) {
            Object value = GroupValues.normalize(path.get(event));
            if (value == GroupValues.UNGROUPABLE) {
                return new Observation(event.occurredAt(), window, null, 0, false, path.toString());
            }
            values.add(value);
        }
        String id = settings.peopleBy().idOf(event);
        return new Observation(event.occurredAt(), window,
                new GroupKey(event.tenant(), event.purpose(), groupByText, values),
                hasher.of(id), id == null || id.isBlank(), null);
    }

    /** Counts every queued batch, appends one line per batch, forces once, then completes them. */
    private void drainWrites() {
        List<PendingWrite> batches = new ArrayList<>();
        for (PendingWrite next = pendingWrites.poll(); next != null; next = pendingWrites.poll()) {
            batches.add(next);
        }
        if (batches.isEmpty()) {
            return;
        }
        if (closed) {
            fail(batches, new IllegalStateException("aggregator '" + settings.name() + "' is stopped"));
            return;
        }
        Instant now = clock.instant();
        long nowMillis = now.toEpochMilli();
        long windowMillis = settings.window().toMillis();
        List<StateRecord.Counts> records = new ArrayList<>();
        long counted = 0;
        long late = 0;
        long early = 0;
        long ungroupable = 0;
        long overflowed = 0;
        Set<WindowKey> lateWindows = new LinkedHashSet<>();
        Set<WindowKey> withoutIdWindows = new LinkedHashSet<>();
        Set<WindowKey> earlyWindows = new LinkedHashSet<>();
        Set<WindowKey> overflowWindows = new LinkedHashSet<>();
        Set<String> ungroupablePaths = new LinkedHashSet<>();
        // Groups these batches add to the state, so the bounds hold before any of them is applied.
        Room room = new Room();
        for (PendingWrite batch : batches) {
            Map<StateRecord.Count, Tally> merged = new LinkedHashMap<>();
            for (Observation observation : batch.observations()) {
                WindowKey window = observation.window();
                if (observation.ungroupablePath() != null) {
                    ungroupable++;
                    ungroupablePaths.add(observation.ungroupablePath());
                } else if (window == null) {
                    if (observation.occurredAt().isAfter(now)) {
                        early++;
                    } else {
                        late++;
                    }
                } else if (!now.isBefore(window.closesAt(settings.grace()))) {
                    late++;
                    lateWindows.add(window);
                } else if (window.start() - windowMillis > nowMillis) {
                    early++;
                    earlyWindows.add(window);
                } else {
                    int part = state.openPartOf(window);
                    GroupKey group = observation.group();
                    if (!room.admits(window, part, group)) {
                        group = GroupKey.overflowOf(group.tenant(), group.purpose());
                        room.admitOverflow(window, part, group);
                        overflowed++;
                        overflowWindows.add(window);
                    } else {
                        counted++;
                    }
                    // n = 0 and no people in the key: merge identical groups, then carry the real tally.
                    Tally tally = merged.computeIfAbsent(new StateRecord.Count(window, part, group, 0, null),
                            key -> new Tally(settings.exactPeople()));
                    tally.events++;
                    tally.people.add(observation.person());
                    if (observation.withoutId()) {
                        withoutIdWindows.add(window);
                    }
                }
            }
            if (!merged.isEmpty()) {
                List<StateRecord.Count> counts = new ArrayList<>(merged.size());
                merged.forEach((key, tally) -> counts.add(
                        new StateRecord.Count(key.window(), key.part(), key.group(), tally.events, tally.people)));
                records.add(new StateRecord.Counts(counts));
            }
        }
        try {
            append(records);
        } catch (IOException e) {
            LOG.warn("Aggregator '{}' cannot write its state log {}: {}; {} batch(es) fail and will be retried",
                    settings.name(), log.file(), e.toString(), batches.size());
            fail(batches, e);
            return;
        }
        records.forEach(state::apply);
        eventsCounted.addAndGet(counted);
        lateEvents.addAndGet(late);
        earlyEvents.addAndGet(early);
        ungroupableEvents.addAndGet(ungroupable);
        overflowEvents.addAndGet(overflowed);
        metrics.events(counted, late, early, ungroupable, overflowed);
        metrics.state(state.groups(), state.bytes());
        pendingBatches.addAndGet(-batches.size());
        for (PendingWrite batch : batches) {
            batch.done().complete(null);
        }
        warnAboutUncounted(lateWindows, earlyWindows, ungroupablePaths);
        warnAboutOverflow(overflowWindows);
        warnAboutEventsWithoutId(withoutIdWindows);
        try {
            if (log.grownLarge()) {
                compact();
            }
        } catch (IOException e) {
            LOG.debug("Aggregator '{}' cannot size its state log", settings.name(), e);
        }
    }

    /**
     * Decides, for one drain of the queue, which new groups still fit the state's bounds. A group
     * the state (or this drain) already counts always fits; a new one fits while the groups and
     * their estimated bytes stay within {@code max.groups} and {@code max.bytes}. Overflow groups are
     * outside the bounds: there is at most one per tenant, purpose and window part, and tenants and
     * purposes are declared by the operator, not chosen by senders.
     */
    private final class Room {
        private final Set<StateRecord.Count> added = new java.util.HashSet<>();
        private int groups;
        private long bytes;

        boolean admits(WindowKey window, int part, GroupKey group) {
            StateRecord.Count key = new StateRecord.Count(window, part, group, 0, null);
            if (state.holds(window, part, group) || added.contains(key)) {
                return true;
            }
            long size = state.bytesOf(group);
            Settings.StateBounds bounds = settings.bounds();
            if (state.regularGroups() + groups + 1 > bounds.maxGroups()
                    || state.regularBytes() + bytes + size > bounds.maxBytes()) {
                return false;
            }
            added.add(key);
            groups++;
            bytes += size;
            return true;
        }

        void admitOverflow(WindowKey window, int part, GroupKey overflow) {
            added.add(new StateRecord.Count(window, part, overflow, 0, null));
        }
    }

    /** One WARN per window whose new groups went to the overflow group; counts and bounds only, never values. */
    private void warnAboutOverflow(Set<WindowKey> windows) {
        for (WindowKey window : windows) {
            if (overflowWarned.add(window)) {
                LOG.warn("Aggregator '{}': its state is at its bounds (max.groups={}, max.bytes={}; {} groups, about {} "
                                + "bytes held); events of new groups of window {} are counted in that window's overflow "
                                + "group ({} such events so far). A group.by field with many distinct values, or a "
                                + "sender making them up?", settings.name(), settings.bounds().maxGroups(),
                        settings.bounds().maxBytes(), state.groups(), state.bytes(), window, overflowEvents.get());
            }
        }
    }

    private void fail(List<PendingWrite> batches, Exception failure) {
        pendingBatches.addAndGet(-batches.size());
        for (PendingWrite batch : batches) {
            batch.done().completeExceptionally(failure);
        }
    }

    /** At most one WARN per window (and per field path); window bounds and paths only, never values. */
    private void warnAboutUncounted(Set<WindowKey> lateWindows, Set<WindowKey> earlyWindows, Set<String> paths) {
        for (WindowKey window : lateWindows) {
            if (lateWarned.add(window)) {
                LOG.warn("Aggregator '{}': events of window {} arrived after it closed (end + grace {}); they are not "
                        + "counted ({} late events so far)", settings.name(), window, settings.grace(), lateEvents.get());
            }
        }
        for (WindowKey window : earlyWindows) {
            if (earlyWarned.add(window)) {
                LOG.warn("Aggregator '{}': events of window {} lie more than one window ahead of this node's clock "
                        + "(a device clock?); they are not counted ({} so far)", settings.name(), window, earlyEvents.get());
            }
        }
        for (String path : paths) {
            if (ungroupableWarned.add(path)) {
                LOG.warn("Aggregator '{}': events whose {} is an object or array are not counted: a group value must be "
                        + "a string, number, boolean or null ({} so far)", settings.name(), path, ungroupableEvents.get());
            }
        }
    }

    /**
     * Events without the id k counts all count as one person, so their groups rarely reach k. That is
     * the safe reading, but usually a configuration slip (a purpose with anonymous = true strips it).
     */
    private void warnAboutEventsWithoutId(Set<WindowKey> windows) {
        for (WindowKey window : windows) {
            if (withoutIdWarned.add(window)) {
                LOG.warn("Aggregator '{}': events of window {} have no {}; they all count as one person together, so "
                        + "their groups rarely reach k = {}. Does their purpose strip it (anonymous = true)? Pseudonymize "
                        + "it with hmac instead.", settings.name(), window, settings.peopleBy().key(), settings.k());
            }
        }
    }

    // Closing and emitting

    private void scheduledTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // Never let an exception cancel the schedule.
            LOG.error("Aggregator '{}' failed to close windows; will try again", settings.name(), e);
        }
    }

    /** Seals windows whose end + grace has passed, emits what is due, forgets finished windows. */
    private List<CompletableFuture<Void>> tick() {
        if (closed) {
            return List.of();
        }
        Instant now = clock.instant();
        List<StateRecord> seals = new ArrayList<>();
        for (AggregateState.Window window : state.windows()) {
            if (window.hasOpenCounts() && !now.isBefore(window.key.closesAt(settings.grace()))) {
                // A window with an earlier (partial) part emitted is itself only a part of the window.
                seals.add(new StateRecord.Seal(window.key, window.openPart, window.openPart > 1));
            }
        }
        if (!seal(seals)) {
            return List.of();
        }
        List<CompletableFuture<Void>> emissions = emitDue(now, false);
        state.removeFinished(now, settings.grace());
        return emissions;
    }

    private boolean seal(List<StateRecord> seals) {
        if (seals.isEmpty()) {
            return true;
        }
        try {
            append(seals);
        } catch (IOException e) {
            LOG.warn("Aggregator '{}' cannot write its state log {}: {}; closing {} window(s) is retried on the next "
                    + "tick", settings.name(), log.file(), e.toString(), seals.size());
            return false;
        }
        seals.forEach(state::apply);
        return true;
    }

    private List<CompletableFuture<Void>> emitDue(Instant now, boolean ignoreBackoff) {
        List<CompletableFuture<Void>> emissions = new ArrayList<>();
        for (AggregateState.Window window : state.windows()) {
            for (AggregateState.Part part : window.parts.values()) {
                if (part.sealed && !part.inFlight && (ignoreBackoff || !now.isBefore(part.retryAt))) {
                    emissions.add(emit(window.key, part, now));
                }
            }
        }
        return emissions;
    }

    /**
     * Appends the part's aggregates to the journal, routed to {@code emit.sinks}. Completes once the
     * outcome is settled on the writer thread (recorded as emitted, or scheduled for retry).
     */
    private CompletableFuture<Void> emit(WindowKey window, AggregateState.Part part, Instant now) {
        List<TelemetryEvent> rows = new ArrayList<>();
        int groupsSuppressed = 0;
        long eventsEmitted = 0;
        long eventsSuppressed = 0;
        for (Map.Entry<GroupKey, Long> count : part.counts.entrySet()) {
            long n = count.getValue();
            People people = part.people.get(count.getKey());
            // k counts people, not events: one device repeating itself never makes a group
            if (people != null && people.count() >= settings.k()) {
                rows.add(Aggregates.event(settings, sourceVersion, window, part.number, part.partial, count.getKey(), n,
                        people, now));
                eventsEmitted += n;
            } else {
                groupsSuppressed++;
                eventsSuppressed += n;
            }
        }
        Status.WindowReport report = new Status.WindowReport(window.startInstant(), window.endInstant(), part.number,
                part.partial, rows.size(), eventsEmitted, groupsSuppressed, eventsSuppressed);
        if (part.rowsDurable >= rows.size()) {
            // Nothing to emit, or the journal has it all and only recording it as emitted failed before.
            recordEmitted(window, part, report);
            return CompletableFuture.completedFuture(null);
        }
        List<String> aggregating = settings.emitSinks().stream().filter(aggregatingSinks::contains).toList();
        if (!aggregating.isEmpty()) {
            retryLater(window, part, "emit.sinks " + aggregating + " name an aggregating sink, and aggregates are "
                    + "never sent to one", null);
            return CompletableFuture.completedFuture(null);
        }
        part.inFlight = true;
        CompletableFuture<Void> settled = new CompletableFuture<>();
        emissionsInFlight.add(settled);
        appendNextPiece(window, part, report, rows, settled);
        return settled;
    }

    /**
     * Appends the rows from the first one the journal does not hold yet, at most {@link
     * #APPEND_BATCH} at a time, each piece once the one before it is durable. Rows are the same on
     * every attempt of a sealed part (same order, same ids), so a retry resumes where it failed.
     */
    private void appendNextPiece(WindowKey window, AggregateState.Part part, Status.WindowReport report,
                                 List<TelemetryEvent> rows, CompletableFuture<Void> settled) {
        int from = part.rowsDurable;
        int to = Math.min(rows.size(), from + APPEND_BATCH);
        List<RoutedEvent> piece = new ArrayList<>(to - from);
        for (TelemetryEvent row : rows.subList(from, to)) {
            piece.add(new RoutedEvent(row, emitSinks));
        }
        CompletionStage<Void> appended;
        try {
            appended = journal.append(piece);
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        appended.whenCompleteAsync((ok, failure) -> {
            if (!closed && failure == null && to < rows.size()) {
                part.rowsDurable = to;
                appendNextPiece(window, part, report, rows, settled);
                return;
            }
            emissionsInFlight.remove(settled);
            try {
                if (closed) {
                    return;
                }
                part.inFlight = false;
                if (failure != null) {
                    retryLater(window, part, describe(failure), failure);
                    return;
                }
                part.rowsDurable = to;
                if (part.warned) {
                    LOG.info("Aggregator '{}' appended window {} part {} to the journal after retrying", settings.name(),
                            window, part.number);
                }
                recordEmitted(window, part, report);
            } finally {
                settled.complete(null);
            }
        }, onWriter);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof JournalFullException
                ? "the journal is full: " + cause.getMessage()
                : "the journal failed: " + cause;
    }

    private void retryLater(WindowKey window, AggregateState.Part part, String why, Throwable failure) {
        part.backoff = part.backoff == null ? FIRST_RETRY
                : (part.backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : part.backoff.multipliedBy(2));
        Duration wait = part.backoff;
        if (unwrap(failure) instanceof JournalFullException full && full.retryAfter() != null
                && full.retryAfter().compareTo(wait) > 0) {
            wait = full.retryAfter().compareTo(MAX_RETRY) > 0 ? MAX_RETRY : full.retryAfter();
        }
        part.retryAt = clock.instant().plus(wait);
        if (!part.warned) {
            part.warned = true;
            LOG.warn("Aggregator '{}' could not append the aggregates of window {} part {} to the journal ({}); they are "
                    + "kept and retried with backoff", settings.name(), window, part.number, why);
        }
    }

    /** The journal holds the part's aggregates durably (or there were none): its counts are no longer needed. */
    private void recordEmitted(WindowKey window, AggregateState.Part part, Status.WindowReport report) {
        StateRecord emitted = new StateRecord.Emitted(window, part.number);
        try {
            append(List.of(emitted));
        } catch (IOException e) {
            // Still in the log as sealed: appended again later, with the same ids.
            LOG.warn("Aggregator '{}' cannot record window {} part {} as emitted: {}; it will be emitted again",
                    settings.name(), window, part.number, e.toString());
            part.retryAt = clock.instant().plus(FIRST_RETRY);
            return;
        }
        state.apply(emitted);
        state.removeFinished(clock.instant(), settings.grace());
        metrics.state(state.groups(), state.bytes());
        reports.addLast(report);
        metrics.windowClosed(report.groupsEmitted(), report.groupsSuppressed());
        while (reports.size() > REPORTS_KEPT) {
            reports.removeFirst();
        }
        // Counts only: group values may be personal data.
        LOG.info("Aggregator '{}' closed window {} part {}{}: {} group(s) emitted ({} events), {} group(s) suppressed "
                        + "below k={} ({} events)", settings.name(), window, part.number, part.partial ? " (partial)" : "",
                report.groupsEmitted(), report.eventsEmitted(), report.groupsSuppressed(), settings.k(),
                report.eventsSuppressed());
        compact();
    }

    // State log

    private void append(List<? extends StateRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        if (!log.usable()) {
            // An earlier append failed and could not be cut back: start over from what memory holds.
            log.rewrite(encode(state.snapshot()));
        }
        log.append(encode(records));
    }

    private void compact() {
        try {
            log.rewrite(encode(state.snapshot()));
        } catch (IOException e) {
            // The old file is still complete; appends go on to it if it is usable.
            LOG.warn("Aggregator '{}' cannot compact its state log {}: {}", settings.name(), log.file(), e.toString());
        }
    }

    private List<String> encode(List<? extends StateRecord> records) {
        List<String> lines = new ArrayList<>(records.size());
        for (StateRecord record : records) {
            lines.add(codec.encode(record));
        }
        return lines;
    }

    // Status, testing hooks and shutdown

    /** Counters and the latest emitted windows; computed on the writer thread. */
    CompletableFuture<Status> status() {
        return CompletableFuture.supplyAsync(() -> {
            int pendingParts = 0;
            for (AggregateState.Window window : state.windows()) {
                for (AggregateState.Part part : window.parts.values()) {
                    if (part.sealed) {
                        pendingParts++;
                    }
                }
            }
            return new Status(eventsCounted.get(), lateEvents.get(), earlyEvents.get(), ungroupableEvents.get(),
                    state.windows().size(), pendingParts, List.copyOf(reports), overflowEvents.get(), state.groups(),
                    state.bytes());
        }, writer);
    }

    /** Runs one closing tick now; completes when the emissions it started are settled. */
    CompletableFuture<Void> tickNow() {
        return CompletableFuture.supplyAsync(this::tick, writer)
                .thenCompose(emissions -> CompletableFuture.allOf(emissions.toArray(CompletableFuture[]::new)));
    }

    /**
     * Stops accepting writes, counts what was accepted, closes every open window early (partial),
     * and gives the journal {@code shutdownWait} to make their aggregates durable. Whatever is not
     * durable by then stays in the state log and is appended after the next start, with the same ids.
     */
    @Deactivate
    void deactivate() {
        admission.writeLock().lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
        } finally {
            admission.writeLock().unlock();
        }
        ticker.cancel(false);
        long deadline = System.nanoTime() + shutdownWait.toNanos();
        boolean interrupted = false;
        CompletableFuture<List<CompletableFuture<Void>>> flushing = CompletableFuture.supplyAsync(() -> {
            drainWrites();
            List<StateRecord> seals = new ArrayList<>();
            for (AggregateState.Window window : state.windows()) {
                if (window.hasOpenCounts()) {
                    seals.add(new StateRecord.Seal(window.key, window.openPart, true));
                }
            }
            seal(seals);
            List<CompletableFuture<Void>> emissions = new ArrayList<>(emitDue(clock.instant(), true));
            emissions.addAll(emissionsInFlight);
            return emissions;
        }, writer);
        try {
            List<CompletableFuture<Void>> emissions = flushing.get(remaining(deadline), TimeUnit.NANOSECONDS);
            CompletableFuture.allOf(emissions.toArray(CompletableFuture[]::new))
                    .get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Aggregator '{}' is stopping before the journal made every aggregate durable; what is not durable "
                    + "stays in {} and is appended after the next start, with the same ids", settings.name(), log.file());
        } catch (ExecutionException e) {
            LOG.warn("Aggregator '{}' could not flush while stopping: {}", settings.name(), e.getCause().toString());
        } catch (InterruptedException e) {
            interrupted = true;
        }
        Future<?> closing = writer.submit(() -> {
            closed = true;
            log.close();
        });
        writer.shutdown();
        try {
            // The close waits behind a running fsync; give it the same bound again before giving up.
            closing.get(shutdownWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("Aggregator '{}' did not close its state log cleanly: {}", settings.name(), e.toString());
            writer.shutdownNow();
        } catch (InterruptedException e) {
            interrupted = true;
            writer.shutdownNow();
        }
        metrics.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Aggregator '{}' stopped", settings.name());
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static <T> Set<T> boundedSet() {
        return java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > WARNED_WINDOWS_KEPT;
            }
        });
    }
}
