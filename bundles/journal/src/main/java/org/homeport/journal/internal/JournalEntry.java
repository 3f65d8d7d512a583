package org.homeport.journal.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.homeport.api.event.TelemetryEvent;

/**
 * One journal record, decoded: the events of one append, grouped by the sinks they are bound for.
 *
 * @param sequence         its sequence in the journal (0 before it has one)
 * @param appendedAtMillis when it was appended, for the backlog's age
 * @param groups           the events, by the set of sinks that must receive them
 * @param sizeBytes        the size of its payload in the journal
 */
record JournalEntry(long sequence, long appendedAtMillis, List<Group> groups, int sizeBytes) {

    /** Events bound for the same sinks. */
    record Group(Set<String> sinks, List<TelemetryEvent> events) {
        Group {
            sinks = Set.copyOf(sinks);
            events = List.copyOf(events);
        }
    }

    JournalEntry {
        groups = List.copyOf(groups);
    }

    JournalEntry withSequence(long newSequence) {
        return new JournalEntry(newSequence, appendedAtMillis, groups, sizeBytes);
    }

    /** The events bound for {@code sink}, in order. */
    List<TelemetryEvent> eventsFor(String sink) {
        List<TelemetryEvent> out = new ArrayList<>();
        for (Group group : groups) {
            if (group.sinks().contains(sink)) {
                out.addAll(group.events());
            }
        }
        return out;
    }

    /** How many events are bound for {@code sink}, without collecting them. */
    int eventCountFor(String sink) {
        int n = 0;
        for (Group group : groups) {
            if (group.sinks().contains(sink)) {
                n += group.events().size();
            }
        }
        return n;
    }

    int eventCount() {
        int n = 0;
        for (Group group : groups) {
            n += group.events().size();
        }
        return n;
    }

    /** This entry without the events {@code drop} matches; the same instance if none does. */
    JournalEntry without(Predicate<TelemetryEvent> drop) {
        boolean changed = false;
        List<Group> kept = new ArrayList<>(groups.size());
        for (Group group : groups) {
            List<TelemetryEvent> events = new ArrayList<>(group.events().size());
            for (TelemetryEvent event : group.events()) {
                if (drop.test(event)) {
                    changed = true;
                } else {
                    events.add(event);
                }
            }
            if (!events.isEmpty()) {
                kept.add(new Group(group.sinks(), events));
            }
        }
        return changed ? new JournalEntry(sequence, appendedAtMillis, kept, sizeBytes) : this;
    }
}
