package org.homeport.aggregate.kanon.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of every window that is still open or not yet emitted. Changed only through
 * {@link #apply}, for records replayed from the log and for records just appended to it, so what
 * is in memory is always what the log says.
 *
 * <p>A window is counted in parts. Part 1 takes counts until the window closes; if the aggregator
 * stops before that, the part is sealed early (partial) and a restart counts on in part 2, and so
 * on. A sealed part never changes again, so re-emitting it gives the same rows with the same ids.
 *
 * <p>Not thread-safe: only the aggregator's writer thread touches it.
 */
final class AggregateState {
    /** How many group counts go into one line of a compacted log. */
    private static final int COUNTS_PER_LINE = 500;

    /** One part of one window: its counts and, once sealed, how far its aggregates are in the journal. */
    static final class Part {
        final int number;
        final Map<GroupKey, Long> counts = new LinkedHashMap<>();
        /** The distinct people of each group in {@link #counts}. */
        final Map<GroupKey, People> people = new LinkedHashMap<>();
        boolean sealed;
        boolean partial;
        // Append bookkeeping, in memory only: after a restart a part is simply appended again, same ids.
        boolean inFlight;
        /** How many of the part's aggregates, in order, the journal holds durably. */
        int rowsDurable;
        Instant retryAt = Instant.MIN;
        Duration backoff;
        boolean warned;

        Part(int number) {
            this.number = number;
        }

        long events() {
            long sum = 0;
            for (long n : counts.values()) {
                sum += n;
            }
            return sum;
        }
    }

    static final class Window {
        final WindowKey key;
        /** The part new counts go to. */
        int openPart = 1;
        final TreeMap<Integer, Part> parts = new TreeMap<>();

        Window(WindowKey key) {
            this.key = key;
        }

        boolean hasOpenCounts() {
            Part open = parts.get(openPart);
            return open != null && !open.sealed && !open.counts.isEmpty();
        }
    }

    private final TreeMap<WindowKey, Window> windows = new TreeMap<>();
    /** Up to how many people a group is counted exactly. */
    private final int exactPeople;
    /** The key of the people's hashes, once the log named it. */
    private byte[] peopleKey;
    /** Groups over all windows and parts, and their estimated heap bytes; overflow groups included. */
    private int groups;
    private long bytes;
    /** The same without overflow groups: what {@code max.groups} and {@code max.bytes} limit. */
    private int regularGroups;
    private long regularBytes;

    AggregateState(int exactPeople) {
        this.exactPeople = exactPeople;
    }

    /** The key of the people's hashes the log holds; null for an empty or version 1 log. */
    byte[] peopleKey() {
        return peopleKey == null ? null : peopleKey.clone();
    }

    /** The people a group of this part counted; none for a group it does not hold. */
    long people(Part part, GroupKey group) {
        People people = part.people.get(group);
        return people == null ? 0 : people.count();
    }

    Collection<Window> windows() {
        return windows.values();
    }

    /** Groups held over all windows and parts, overflow groups included. */
    int groups() {
        return groups;
    }

    /** Estimated heap bytes of those groups. */
    long bytes() {
        return bytes;
    }

    /** Groups held, not counting overflow groups. */
    int regularGroups() {
        return regularGroups;
    }

    /** Estimated heap bytes of the groups held, not counting overflow groups. */
    long regularBytes() {
        return regularBytes;
    }

    /** Whether part {@code part} of {@code window} already counts {@code group}. */
    boolean holds(WindowKey window, int part, GroupKey group) {
        Window held = windows.get(window);
        Part counted = held == null ? null : held.parts.get(part);
        return counted != null && counted.counts.containsKey(group);
    }

    /**
     * What one group costs on the heap, roughly and on the high side: the map entry, its key and
     * count, and the characters of its tenant, purpose and string values (two bytes each, as if
     * none were Latin-1). It need not be exact, only grow with what a sender controls, so that
     * long group values are bounded by bytes and many short ones by {@code max.groups}.
     */
    static long estimatedBytes(GroupKey group) {
        long size = 200 + string(group.tenant()) + string(group.purpose());
        for (Object value : group.values()) {
            size += value instanceof String text ? string(text) : 24;
        }
        return size;
    }

    /** What one group costs on the heap, its people at their largest included: what {@code max.bytes} counts. */
    long bytesOf(GroupKey group) {
        return estimatedBytes(group) + People.worstCaseBytes(exactPeople);
    }

    /** Adds ({@code +1}) or removes ({@code -1}) a group from the totals. */
    private void held(GroupKey group, int sign) {
        long size = bytesOf(group);
        groups += sign;
        bytes += sign * size;
        if (!group.overflow()) {
            regularGroups += sign;
            regularBytes += sign * size;
        }
    }

    private static long string(String text) {
        return 48 + 2L * text.length();
    }

    /** The part that new counts of {@code key} go to. */
    int openPartOf(WindowKey key) {
        Window window = windows.get(key);
        return window == null ? 1 : window.openPart;
    }

    void apply(StateRecord record) {
        if (record instanceof StateRecord.Counts counts) {
            for (StateRecord.Count count : counts.counts()) {
                Window window = window(count.window());
                window.openPart = Math.max(window.openPart, count.part());
                Part part = window.parts.computeIfAbsent(count.part(), Part::new);
                boolean added = !part.counts.containsKey(count.group());
                part.counts.merge(count.group(), count.n(), Long::sum);
                People people = part.people.computeIfAbsent(count.group(), group -> new People(exactPeople));
                if (count.people() != null) {
                    people.addAll(count.people());
                }
                if (added) {
                    held(count.group(), 1);
                }
            }
        } else if (record instanceof StateRecord.Key key) {
            peopleKey = key.key().clone();
        } else if (record instanceof StateRecord.Seal seal) {
            Window window = window(seal.window());
            Part part = window.parts.computeIfAbsent(seal.part(), Part::new);
            part.sealed = true;
            part.partial = seal.partial();
            window.openPart = Math.max(window.openPart, seal.part() + 1);
        } else if (record instanceof StateRecord.Emitted emitted) {
            Window window = window(emitted.window());
            Part removed = window.parts.remove(emitted.part());
            if (removed != null) {
                removed.counts.keySet().forEach(group -> held(group, -1));
            }
            window.openPart = Math.max(window.openPart, emitted.part() + 1);
        } else if (record instanceof StateRecord.WindowOpenPart open) {
            Window window = window(open.window());
            window.openPart = Math.max(window.openPart, open.openPart());
        }
    }

    /** Forgets windows that can take no more counts and have nothing left to emit. */
    void removeFinished(Instant now, Duration grace) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window window = it.next();
            if (window.parts.isEmpty() && !now.isBefore(window.key.closesAt(grace))) {
                it.remove();
            }
        }
    }

    /** The records that rebuild exactly this state: the content of a compacted log. */
    List<StateRecord> snapshot() {
        List<StateRecord> records = new ArrayList<>();
        records.add(new StateRecord.Header(StateCodec.VERSION));
        if (peopleKey != null) {
            records.add(new StateRecord.Key(peopleKey.clone()));
        }
        for (Window window : windows.values()) {
            if (window.openPart > 1) {
                records.add(new StateRecord.WindowOpenPart(window.key, window.openPart));
            }
            for (Part part : window.parts.values()) {
                List<StateRecord.Count> line = new ArrayList<>();
                for (Map.Entry<GroupKey, Long> count : part.counts.entrySet()) {
                    line.add(new StateRecord.Count(window.key, part.number, count.getKey(), count.getValue(),
                            part.people.get(count.getKey())));
                    if (line.size() == COUNTS_PER_LINE) {
                        records.add(new StateRecord.Counts(line));
                        line.clear();
                    }
                }
                if (!line.isEmpty()) {
                    records.add(new StateRecord.Counts(line));
                }
                if (part.sealed) {
                    records.add(new StateRecord.Seal(window.key, part.number, part.partial));
                }
            }
        }
        return records;
    }

    private Window window(WindowKey key) {
        return windows.computeIfAbsent(key, Window::new);
    }
}
