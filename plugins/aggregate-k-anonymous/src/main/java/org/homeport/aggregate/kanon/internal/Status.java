package org.homeport.aggregate.kanon.internal;

import java.time.Instant;
import java.util.List;

/**
 * What an aggregator has done so far, counts only (never group values, which may be personal).
 *
 * @param eventsCounted     events added to a window since the aggregator started
 * @param lateEvents        events not counted because their window had closed (end + grace passed)
 * @param earlyEvents       events not counted because their window starts more than one window
 *                          length after now (a device clock far ahead)
 * @param ungroupableEvents events not counted because a group field held an object or array
 * @param openWindows       windows held in the state (open, or waiting to be emitted)
 * @param pendingParts      sealed window parts not yet acknowledged by every target sink
 * @param closedWindows     the most recent emitted window parts, oldest first
 */
record Status(long eventsCounted, long lateEvents, long earlyEvents, long ungroupableEvents, int openWindows,
              int pendingParts, List<WindowReport> closedWindows) {

    Status {
        closedWindows = List.copyOf(closedWindows);
    }

    /**
     * One emitted window part.
     *
     * @param groupsEmitted    groups of at least k events, one aggregate each
     * @param eventsEmitted    events in those groups
     * @param groupsSuppressed groups below k, not emitted
     * @param eventsSuppressed events in those groups
     */
    record WindowReport(Instant start, Instant end, int part, boolean partial, int groupsEmitted,
                        long eventsEmitted, int groupsSuppressed, long eventsSuppressed) {
    }
}
