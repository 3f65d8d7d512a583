package org.homeport.aggregate.kanon.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.homeport.api.util.ConfigText;
import java.util.Set;
import java.util.regex.Pattern;
import org.homeport.api.config.Durations;
import org.homeport.api.event.FieldPath;

/**
 * The validated settings of one aggregator. Every error message starts with the key it is about,
 * so an operator reading the failed activation in the log knows which line of the file to fix.
 *
 * @param name          the sink name pipelines deliver to (service property {@code homeport.sink.name})
 * @param groupBy       the fields whose values make up a group, in order; never {@code subject} or
 *                      {@code source.device}
 * @param window        length of the tumbling windows, aligned to the UTC epoch
 * @param k             the fewest distinct people (see {@code peopleBy}) a group must count to be emitted
 * @param grace         how long after its end a window still counts events
 * @param emitSinks     names of the sinks the aggregates are written to
 * @param emitType      the event type of the aggregates
 * @param stateDir      where the state log lives
 * @param queueCapacity how many batches may wait for the writer thread
 * @param bounds        how many groups, and how many bytes of them, the state may hold
 * @param peopleBy      whose distinct ids k counts: the events' subjects or their devices
 */
record Settings(String name, List<FieldPath> groupBy, Duration window, int k, Duration grace,
                List<String> emitSinks, String emitType, Path stateDir, int queueCapacity, StateBounds bounds,
                PeopleBy peopleBy) {

    /** Up to this many people a group is counted exactly, and never fewer than k. */
    static final int MIN_EXACT_PEOPLE = 32;
    /** Groups count up to k people exactly (8 bytes each, twice over in the hash table): this bounds that. */
    static final int MAX_K = 10_000;

    /** Whose distinct ids a group's people are. */
    enum PeopleBy {
        SUBJECT("subject"),
        DEVICE("source.device");

        private final String key;

        PeopleBy(String key) {
            this.key = key;
        }

        /** As written in the configuration. */
        String key() {
            return key;
        }

        /** The id this event counts under; null if it has none. */
        String idOf(org.homeport.api.event.TelemetryEvent event) {
            return this == SUBJECT ? event.subject() : event.source() == null ? null : event.source().device();
        }

        static PeopleBy parse(String text) {
            String value = text == null || text.isBlank() ? "subject" : text.strip();
            for (PeopleBy by : values()) {
                if (by.key.equals(value) || (by == DEVICE && value.equals("device"))) {
                    return by;
                }
            }
            throw new IllegalArgumentException("people.by must be subject or source.device");
        }
    }

    /**
     * The most the state may hold, over all windows and parts (open or waiting to be emitted).
     * Events of a new group beyond either bound are counted in their window's overflow group
     * (one per tenant and purpose), which those bounds do not limit.
     *
     * @param maxGroups groups, not counting overflow groups
     * @param maxBytes  estimated heap bytes of those groups, their people included ({@link AggregateState#bytesOf})
     */
    record StateBounds(int maxGroups, long maxBytes) {
        static final int DEFAULT_MAX_GROUPS = 50_000;
        static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
        static final StateBounds DEFAULT = new StateBounds(DEFAULT_MAX_GROUPS, DEFAULT_MAX_BYTES);

        StateBounds {
            if (maxGroups <= 0) {
                throw new IllegalArgumentException("max.groups must be positive, was " + maxGroups);
            }
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("max.bytes must be positive, was " + maxBytes);
            }
        }
    }

    /** With the default state bounds, counting subjects. */
    Settings(String name, List<FieldPath> groupBy, Duration window, int k, Duration grace, List<String> emitSinks,
             String emitType, Path stateDir, int queueCapacity) {
        this(name, groupBy, window, k, grace, emitSinks, emitType, stateDir, queueCapacity, StateBounds.DEFAULT);
    }

    /** Counting subjects. */
    Settings(String name, List<FieldPath> groupBy, Duration window, int k, Duration grace, List<String> emitSinks,
             String emitType, Path stateDir, int queueCapacity, StateBounds bounds) {
        this(name, groupBy, window, k, grace, emitSinks, emitType, stateDir, queueCapacity, bounds, PeopleBy.SUBJECT);
    }

    /** Up to how many people a group is counted exactly: at least k, so reaching k is always exact. */
    int exactPeople() {
        return Math.max(k, MIN_EXACT_PEOPLE);
    }

    /** The name is also a directory and a thread name: keep it to characters that are safe for both. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Fields that identify a person or a device: a group of one of them is a group of one someone. */
    private static final Set<String> IDENTITY_FIELDS = Set.of("subject", "source.device");

    Settings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("homeport.sink.name is required: the name pipelines deliver to");
        }
        if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("homeport.sink.name '" + name
                    + "' must be letters, digits, '.', '_' or '-' (at most 128, no '..'): it names the state directory");
        }
        groupBy = List.copyOf(groupBy);
        for (FieldPath path : groupBy) {
            if (IDENTITY_FIELDS.contains(path.toString())) {
                throw new IllegalArgumentException("group.by must not contain '" + path
                        + "': grouping by who or which device sent an event defeats the purpose of k-anonymous aggregates");
            }
        }
        if (Set.copyOf(groupBy).size() != groupBy.size()) {
            throw new IllegalArgumentException("group.by names a field twice: " + groupBy);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("window must be at least 1s, was " + window);
        }
        if (window.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("window must be a whole number of milliseconds, was " + window);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2, was " + k
                    + ": with k = 1 every single event would be emitted as its own group");
        }
        if (k > MAX_K) {
            throw new IllegalArgumentException("k must be at most " + MAX_K + ", was " + k
                    + ": every group keeps up to k people exactly, and the state must stay bounded");
        }
        emitSinks = List.copyOf(emitSinks);
        if (emitSinks.isEmpty()) {
            throw new IllegalArgumentException("emit.sinks is required: the names of the sinks the aggregates go to");
        }
        if (emitSinks.contains(name)) {
            throw new IllegalArgumentException("emit.sinks must not name this aggregator itself ('" + name
                    + "'): its aggregates would be counted again");
        }
        if (emitType == null || emitType.isBlank()) {
            throw new IllegalArgumentException("emit.type must not be blank");
        }
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queue.capacity must be positive, was " + queueCapacity);
        }
        stateDir = stateDir.toAbsolutePath().normalize();
        java.util.Objects.requireNonNull(bounds, "bounds");
        java.util.Objects.requireNonNull(peopleBy, "peopleBy");
    }

    static Settings from(KAnonymousAggregator.Config config, String karafData) {
        String name = config.homeport_sink_name() == null ? "" : config.homeport_sink_name().strip();
        Path data = Paths.get(karafData == null || karafData.isBlank() ? "./data" : karafData);
        String configuredDir = config.state_dir() == null ? "" : config.state_dir().strip();
        Path stateDir = configuredDir.isEmpty()
                ? data.resolve("homeport").resolve("aggregates").resolve(name.isEmpty() ? "unnamed" : name)
                : data.resolve(configuredDir);
        String emitType = config.emit_type() == null ? "" : config.emit_type().strip();
        return new Settings(
                name,
                fieldPaths(config.group_by()),
                duration("window", config.window()),
                config.k(),
                duration("grace", config.grace()),
                List.copyOf(new LinkedHashSet<>(names(config.emit_sinks()))),
                emitType.isEmpty() ? name + ".aggregate" : emitType,
                stateDir,
                config.queue_capacity(),
                new StateBounds(config.max_groups(), config.max_bytes()),
                PeopleBy.parse(config.people_by()));
    }

    /** How often the closing task looks at the clock: a tenth of a window, between 100 ms and 10 s. */
    Duration tickPeriod() {
        Duration tenth = window.dividedBy(10);
        if (tenth.compareTo(Duration.ofMillis(100)) < 0) {
            return Duration.ofMillis(100);
        }
        return tenth.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : tenth;
    }

    List<String> groupByText() {
        return groupBy.stream().map(FieldPath::toString).toList();
    }

    private static List<FieldPath> fieldPaths(String[] configured) {
        List<FieldPath> paths = new ArrayList<>();
        for (String text : names(configured)) {
            try {
                paths.add(FieldPath.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("group.by: " + e.getMessage(), e);
            }
        }
        return paths;
    }

    /** Comma-separated values, whether Config Admin holds one string or an array of them. */
    private static List<String> names(String[] configured) {
        return configured == null ? List.of() : ConfigText.list(configured);
    }

    /** ISO-8601 ({@code PT1H}, {@code P1D}) or shorthand ({@code 1h}, {@code 15m}, {@code 30s}, {@code 1d}). */
    static Duration duration(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key + " is required (e.g. 1h, 15m, PT1H)");
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}
