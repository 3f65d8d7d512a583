package org.homeport.receiver.mqtt.internal;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.IntakeBusyException;
import org.homeport.api.intake.Submission;
import org.homeport.api.receiver.Outcomes;
import org.homeport.api.receiver.Refusal;

/**
 * One accepted MQTT client: maps its PUBLISH packets to events, hands each to the intake and
 * answers a QoS 1 message with PUBACK only once the intake has answered it (stored in the journal,
 * dropped by the consent gate, or refused). Everything runs on the client's event loop.
 *
 * <ul>
 * <li>A message the intake defers (or a busy intake) is submitted again after a growing wait, while
 * the client stays connected, and keeps its in-flight slot: the client gets no PUBACK until then, so
 * its own in-flight window fills and it stops sending. If the client goes away first, the message was
 * never acknowledged and the client sends it again when it reconnects (MQTT's QoS 1 redelivery).</li>
 * <li>A refused message (before or by the intake) is acknowledged, since sending it again would not
 * help: MQTT 5 clients get a PUBACK reason code and a reason string (naming the reason, never content);
 * MQTT 3.1.1 has no negative PUBACK, so they get a plain PUBACK and the refusal is only counted.</li>
 * <li>More than {@link Limits#maxInFlight()} messages at once: a QoS 0 message is refused
 * ({@code too-many-in-flight}); a QoS 1 message breaks the Receive Maximum the client was told (MQTT
 * 5: DISCONNECT 0x93) or, for MQTT 3.1.1, which cannot be told, the connection is closed (its
 * unacknowledged messages come again on reconnect).</li>
 * <li>QoS 2 is not offered (MQTT 5 CONNACK says Maximum QoS 1): such a PUBLISH closes the connection
 * (MQTT 5: DISCONNECT 0x9B), since answering PUBREC without keeping packet ids would be a lie.</li>
 * <li>Subscriptions are refused (SUBACK failure for every filter): this is an ingest-only endpoint.</li>
 * </ul>
 */
final class MqttConnection {
    private final Vertx vertx;
    private final MqttEndpoint endpoint;
    private final Context context;
    private final DevicePrincipal principal;
    /** The device a client certificate identified, or {@code null} for a client with a key. */
    private final String boundDevice;
    private final MqttMapping mapping;
    private final Intake intake;
    private final MqttMetrics metrics;
    private final Limits limits;
    private final Clock clock;
    private final Runnable onClose;
    private final boolean v5;
    private final boolean reasonStrings;
    /** Messages of this client with the intake or waiting to be submitted again. */
    private int inFlight;
    private boolean closed;
    private long lastPacketNanos;

    MqttConnection(Vertx vertx, MqttEndpoint endpoint, DevicePrincipal principal, String boundDevice, MqttMapping mapping,
            Intake intake, MqttMetrics metrics, Limits limits, Clock clock, Runnable onClose) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.context = vertx.getOrCreateContext();
        this.principal = principal;
        this.boundDevice = boundDevice;
        this.mapping = mapping;
        this.intake = intake;
        this.metrics = metrics;
        this.limits = limits;
        this.clock = clock;
        this.onClose = onClose;
        this.v5 = endpoint.protocolVersion() >= MqttVersion.MQTT_5.protocolLevel();
        IntegerProperty requestProblem = v5 ? (IntegerProperty) endpoint.connectProperties()
                .getProperty(MqttPropertyType.REQUEST_PROBLEM_INFORMATION.value()) : null;
        this.reasonStrings = v5 && (requestProblem == null || requestProblem.value() != 0);
    }

    /** Installs the handlers and sends CONNACK. */
    void accept() {
        endpoint.publishAutoAck(false);
        endpoint.subscriptionAutoAck(false);
        endpoint.publishHandler(this::publish);
        endpoint.subscribeHandler(this::subscribe);
        endpoint.unsubscribeHandler(this::unsubscribe);
        endpoint.pingHandler(v -> touch());
        endpoint.exceptionHandler(this::failed);
        endpoint.closeHandler(v -> closed());
        MqttProperties properties = new MqttProperties();
        if (v5) {
            properties.add(new IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), Math.min(limits.maxInFlight(), 65535)));
            properties.add(new IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), limits.maxMessageBytes()));
            properties.add(new IntegerProperty(MqttPropertyType.MAXIMUM_QOS.value(), 1));
            properties.add(new IntegerProperty(MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
            properties.add(new IntegerProperty(MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
            properties.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 0));
            properties.add(new IntegerProperty(MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
            if (keepAliveUnbounded()) {
                properties.add(new IntegerProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value(), limits.maxKeepAliveSeconds()));
            }
        }
        touch();
        try {
            endpoint.accept(false, properties);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the client left while its credential was being checked
            closed();
            return;
        }
        if (keepAliveUnbounded()) {
            // Vert.x enforces the client's own keep-alive; none or a longer one is enforced here
            watchKeepAlive();
        }
    }

    private boolean keepAliveUnbounded() {
        return endpoint.keepAliveTimeSeconds() == 0 || endpoint.keepAliveTimeSeconds() > limits.maxKeepAliveSeconds();
    }

    private void watchKeepAlive() {
        long limitNanos = limits.maxKeepAliveSeconds() * 1_500_000_000L;
        long idle = System.nanoTime() - lastPacketNanos;
        if (closed) {
            return;
        }
        if (idle >= limitNanos) {
            metrics.refused("keep-alive-timeout");
            disconnect(MqttDisconnectReasonCode.KEEP_ALIVE_TIMEOUT);
            return;
        }
        vertx.setTimer(Math.max(1, (limitNanos - idle) / 1_000_000), id -> watchKeepAlive());
    }

    private void touch() {
        lastPacketNanos = System.nanoTime();
    }

    private void publish(MqttPublishMessage message) {
        touch();
        if (closed) {
            return;
        }
        MqttQoS qos = message.qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            metrics.refused("qos-not-supported");
            disconnect(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED);
            return;
        }
        if (inFlight >= limits.maxInFlight()) {
            metrics.refused("too-many-in-flight");
            if (qos == MqttQoS.AT_LEAST_ONCE) {
                disconnect(MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
            }
            return;
        }
        Instant now = clock.instant();
        TelemetryEvent event;
        try {
            event = mapping.map(message.topicName(), message.payload().getBytes(), principal, boundDevice, now);
        } catch (RefusedException e) {
            metrics.refused(e.refusal().reason());
            acknowledge(message, refusalCode(e.refusal()), e.refusal().reason());
            return;
        }
        inFlight++;
        metrics.inFlight.incrementAndGet();
        submit(message, event, limits.retryMinMillis());
    }

    private void submit(MqttPublishMessage message, TelemetryEvent event, long nextWaitMillis) {
        CompletionStage<List<EventOutcome>> stage;
        try {
            stage = intake.submit(new Submission(MqttMetrics.RECEIVER, principal, List.of(event)));
        } catch (RuntimeException e) {
            stage = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        Future.fromCompletionStage(stage, context).onComplete(result -> {
            if (result.failed()) {
                Throwable cause = result.cause() instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : result.cause();
                if (cause instanceof IntakeBusyException) {
                    metrics.refused("overloaded");
                    retryLater(message, event, nextWaitMillis);
                } else {
                    release();
                    metrics.refused("intake-failed");
                    // an internal failure: not acknowledged; an MQTT 5 client learns why, and both resend on reconnect
                    disconnect(MqttDisconnectReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
                }
                return;
            }
            Outcomes outcomes = Outcomes.of(result.result());
            for (EventOutcome outcome : outcomes.all()) {
                metrics.outcome(outcome);
            }
            if (outcomes.mustRetry()) {
                retryLater(message, event, nextWaitMillis);
                return;
            }
            release();
            EventOutcome outcome = outcomes.all().isEmpty() ? null : outcomes.all().get(0);
            if (outcome == null || outcome.status() != EventOutcome.Status.REJECTED) {
                acknowledge(message, MqttPubAckReasonCode.SUCCESS,
                        outcome != null && outcome.status() == EventOutcome.Status.DROPPED ? "dropped: " + outcome.reason() : null);
            } else {
                acknowledge(message, rejectionCode(outcome.reason()), "rejected: " + outcome.reason());
            }
        });
    }

    private void retryLater(MqttPublishMessage message, TelemetryEvent event, long waitMillis) {
        if (closed) {
            // never acknowledged: the client sends it again when it reconnects
            release();
            return;
        }
        vertx.setTimer(waitMillis, id -> {
            if (closed) {
                release();
            } else {
                submit(message, event, Math.min(waitMillis * 2, limits.retryMaxMillis()));
            }
        });
    }

    private void release() {
        inFlight--;
        metrics.inFlight.decrementAndGet();
    }

    private void acknowledge(MqttPublishMessage message, MqttPubAckReasonCode code, String reason) {
        if (message.qosLevel() != MqttQoS.AT_LEAST_ONCE || closed) {
            return;
        }
        try {
            if (v5) {
                MqttProperties properties = new MqttProperties();
                if (reason != null && reasonStrings) {
                    properties.add(new StringProperty(MqttPropertyType.REASON_STRING.value(), reason));
                }
                endpoint.publishAcknowledge(message.messageId(), code, properties);
            } else {
                // MQTT 3.1.1 has no negative PUBACK: a refusal is acknowledged and counted
                endpoint.publishAcknowledge(message.messageId());
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // closed meanwhile
        }
    }

    /** MQTT 5 PUBACK code for a refusal before the intake. */
    static MqttPubAckReasonCode refusalCode(Refusal refusal) {
        return switch (refusal.reason()) {
            case "unmapped" -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
            case "tenant-mismatch", "device-mismatch" -> MqttPubAckReasonCode.NOT_AUTHORIZED;
            default -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
        };
    }

    /** MQTT 5 PUBACK code for an event the intake rejected. */
    static MqttPubAckReasonCode rejectionCode(String reason) {
        if (reason == null) {
            return MqttPubAckReasonCode.UNSPECIFIED_ERROR;
        }
        return switch (reason) {
            case "tenant-mismatch", "purpose-not-permitted" -> MqttPubAckReasonCode.NOT_AUTHORIZED;
            case "retired-purpose", "unknown-purpose", "purpose-not-allowed-for-type" -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
            default -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
        };
    }

    private void subscribe(MqttSubscribeMessage message) {
        touch();
        metrics.refused("subscribe-refused");
        int count = message.topicSubscriptions().size();
        try {
            if (v5) {
                List<MqttSubAckReasonCode> codes = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    codes.add(MqttSubAckReasonCode.NOT_AUTHORIZED);
                }
                endpoint.subscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
            } else {
                // 0x80 is MQTT 3.1.1's one failure code; Vert.x takes it as a QoS value
                List<MqttQoS> codes = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    codes.add(MqttQoS.FAILURE);
                }
                endpoint.subscribeAcknowledge(message.messageId(), codes);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // closed meanwhile
        }
    }

    private void unsubscribe(MqttUnsubscribeMessage message) {
        touch();
        try {
            if (v5) {
                List<MqttUnsubAckReasonCode> codes = new ArrayList<>();
                for (int i = 0; i < message.topics().size(); i++) {
                    codes.add(MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED);
                }
                endpoint.unsubscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
            } else {
                endpoint.unsubscribeAcknowledge(message.messageId());
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // closed meanwhile
        }
    }

    private void failed(Throwable failure) {
        if (closed || failure instanceof IOException) {
            return; // the peer went away; the close handler follows
        }
        Throwable cause = failure instanceof DecoderException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TooLongFrameException) {
            metrics.refused("too-large");
            disconnect(MqttDisconnectReasonCode.PACKET_TOO_LARGE);
        } else {
            // the decoder cannot find the next packet after a broken one: the connection is over
            metrics.refused("malformed-packet");
            disconnect(MqttDisconnectReasonCode.MALFORMED_PACKET);
        }
    }

    /** MQTT 5 clients get a DISCONNECT with the reason; MQTT 3.1.1 knows no server DISCONNECT and is just closed. */
    private void disconnect(MqttDisconnectReasonCode code) {
        if (closed) {
            return;
        }
        try {
            endpoint.disconnect(code, MqttProperties.NO_PROPERTIES);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // closed meanwhile
        }
        closed();
    }

    private void closed() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    int inFlight() {
        return inFlight;
    }
}
