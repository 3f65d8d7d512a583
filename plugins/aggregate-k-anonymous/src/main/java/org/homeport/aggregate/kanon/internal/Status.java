package org.homeport.aggregate.kanon.internal;

import java.time.Instant;
import java.util.List;

/**
 * What an aggregator has done so far, counts only (never group values, which may be personal).
 *
 * @param eventsCounted     events added to their group in a window since the aggregator started
 * @param lateEvents        events not counted because their window had closed (end + grace passed)
 * @param earlyEvents       events not counted because their window starts more than one window
 *                          length after now (a device clock far ahead)
 * @param ungroupableEvents events not counted because a group field held an object or array
 * @param openWindows       windows held in the state (open, or waiting to be emitted)
 * @param pendingParts      sealed window parts whose aggregates the journal does not hold durably yet
 *                          (being appended, or waiting for a retry)
 * @param closedWindows     the most recent emitted window parts, oldest first
 * @param overflowEvents    events counted in their window's overflow group, not in a group of their
 *                          own, because the state was at its bounds (not in {@code eventsCounted})
 * @param groups            groups the state holds now, over all windows and parts, overflow groups
 *                          included
 * @param estimatedBytes    their estimated heap bytes
 */
record Status(long eventsCounted, long lateEvents, long earlyEvents, long ungroupableEvents, int openWindows,
              int pendingParts, List<WindowReport> closedWindows, long overflowEvents, int groups,
              long estimatedBytes) {

    Status {
        closedWindows = List.copyOf(closedWindows);
    }

    /**
     * One emitted window part.
     *
     * @param groupsEmitted    groups of at least k people, one aggregate each
     * @param eventsEmitted    events in those groups
     * @param groupsSuppressed groups of fewer than k people, not emitted
     * @param eventsSuppressed events in those groups
     */
    record WindowReport(Instant start, Instant end, int part, boolean partial, int groupsEmitted,
                        long eventsEmitted, int groupsSuppressed, long eventsSuppressed) {
    }
}
