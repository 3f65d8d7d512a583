package org.homeport.api.receiver;

/**
 * The meter names and labels every receiver uses, so that one dashboard shows every protocol.
 * Labels carry protocol facts only (receiver name, status, reason), never anything about a sender:
 * the set of label values must stay bounded whatever the input.
 */
public final class ReceiverMeters {
    /** Counter: units answered (requests, frames, datagrams, messages); labels {@link #RECEIVER}, {@link #STATUS}. */
    public static final String REQUESTS = "homeport.receiver.requests";
    /** Distribution: events per unit that was parsed completely; label {@link #RECEIVER}. */
    public static final String REQUEST_EVENTS = "homeport.receiver.request.events";
    /**
     * Counter: units refused before the intake saw them; labels {@link #RECEIVER}, {@link #REASON}
     * (a {@link Refusal#reason()}).
     */
    public static final String REFUSED = "homeport.receiver.refused";
    /** Label: the receiver's name, e.g. {@code http}, {@code syslog}. */
    public static final String RECEIVER = "receiver";
    /** Label: the protocol's answer, e.g. an HTTP status, or {@code accepted}/{@code refused}. */
    public static final String STATUS = "status";
    /** Label: a {@link Refusal#reason()}. */
    public static final String REASON = "reason";

    private ReceiverMeters() {
    }
}
