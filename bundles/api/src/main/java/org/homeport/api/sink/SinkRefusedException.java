package org.homeport.api.sink;

import java.util.Set;

/**
 * Completes a {@link Sink#write} stage exceptionally when the sink refuses events for good (a
 * mapping conflict, a document too large): resending them will not help. Homeport moves the refused
 * events to the sink's dead letters, where operators list and replay them, and treats the rest of
 * the batch as stored. Any other failure means "try again later" and the whole batch is retried.
 *
 * @since 1.5
 */
public class SinkRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Set<String> eventIds;

    /**
     * @param reason   why, for people; never event content
     * @param eventIds the ids of the refused events; empty means the whole batch
     */
    public SinkRefusedException(String reason, Set<String> eventIds) {
        super(reason);
        this.eventIds = Set.copyOf(eventIds);
    }

    /** The ids of the refused events; empty means every event of the batch. */
    public Set<String> eventIds() {
        return eventIds;
    }
}
