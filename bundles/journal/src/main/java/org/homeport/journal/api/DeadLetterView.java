package org.homeport.journal.api;

import java.time.Instant;

/**
 * A dead letter as operators see it: which event, when and why it was refused; never its content.
 *
 * @param sequence   its place among the sink's dead letters
 * @param deadAt     when the sink refused it
 * @param reason     what the sink said
 * @param eventId    the event's id
 * @param type       its event type
 * @param purpose    its purpose
 * @param occurredAt when it happened on the device
 */
public record DeadLetterView(String sink, long sequence, Instant deadAt, String reason, String eventId, String type,
                             String purpose, Instant occurredAt) {
}
