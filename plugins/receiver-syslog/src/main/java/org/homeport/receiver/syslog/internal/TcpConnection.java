package org.homeport.receiver.syslog.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.IntakeBusyException;
import org.homeport.api.intake.Submission;

/**
 * One TCP connection: frames, parses and maps what arrives and submits it, one batch per chunk
 * read. While a batch is with the intake the socket is paused, so a fast sender waits in TCP's
 * window instead of in this node's heap; a busy intake keeps it paused and is asked again after its
 * {@code Retry-After}. Events the intake defers (consent store or a pipeline unavailable) are
 * submitted again after a growing wait ({@link DeferredEvents}), the socket still paused; that goes on
 * after the sender has closed the connection. Everything runs on the connection's event loop.
 */
final class TcpConnection implements SyslogFramer.Frames {
    private final NetSocket socket;
    private final Context context;
    private final SyslogFramer framer;
    private final MessageHandler handler;
    private final Intake intake;
    private final DevicePrincipal principal;
    private final int maxBatchEvents;
    private final Runnable onClose;
    /** Deferred events waiting to be submitted again, over every connection and datagram of the receiver. */
    private final DeferredEvents deferredEvents;
    private List<TelemetryEvent> batch = new ArrayList<>();
    private int submissionsInFlight;
    private boolean closed;
    /** The stream could not be framed: what is still delivered before the close is ignored, not counted again. */
    private boolean broken;

    TcpConnection(NetSocket socket, Context context, int maxMessageBytes, MessageHandler handler, Intake intake,
            DevicePrincipal principal, int maxBatchEvents, Runnable onClose, DeferredEvents deferredEvents) {
        this.socket = socket;
        this.context = context;
        this.framer = new SyslogFramer(maxMessageBytes);
        this.handler = handler;
        this.intake = intake;
        this.principal = principal;
        this.maxBatchEvents = maxBatchEvents;
        this.onClose = onClose;
        this.deferredEvents = deferredEvents;
    }

    void start() {
        socket.handler(this::received);
        // the end comes after every byte read was delivered, even those held while paused
        socket.endHandler(v -> ended());
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> socket.close());
    }

    private void received(Buffer chunk) {
        if (broken) {
            return;
        }
        try {
            framer.feed(chunk.getBytes(), this);
        } catch (SyslogFramer.FramingException e) {
            broken = true;
            handler.metrics().refused(e.reason());
            submitBatch();
            socket.close();
            return;
        }
        submitBatch();
    }

    private void ended() {
        if (broken) {
            return;
        }
        framer.end(this);
        submitBatch();
    }

    private void closed() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.run();
    }

    @Override
    public void frame(byte[] bytes, int offset, int length) {
        handler.handle(bytes, offset, length, principal.tenant(), batch);
        if (batch.size() >= maxBatchEvents) {
            submitBatch();
        }
    }

    @Override
    public void refused(String reason) {
        handler.metrics().refused(reason);
    }

    private void submitBatch() {
        if (batch.isEmpty()) {
            return;
        }
        List<TelemetryEvent> events = batch;
        batch = new ArrayList<>();
        if (submissionsInFlight++ == 0) {
            socket.pause();
        }
        submit(events, DeferredEvents.FIRST_WAIT_MS);
    }

    private void submit(List<TelemetryEvent> events, long deferredWait) {
        Future<List<EventOutcome>> outcome;
        try {
            outcome = Future.fromCompletionStage(intake.submit(new Submission(SyslogMetrics.RECEIVER, principal, events)),
                    context);
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        outcome.onComplete(result -> {
            if (result.failed()) {
                Throwable cause = result.cause() instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : result.cause();
                if (cause instanceof IntakeBusyException busy && !closed) {
                    long delay = busy.retryAfter() == null ? 1000 : Math.max(50, busy.retryAfter().toMillis());
                    context.owner().setTimer(delay, t -> submit(events, deferredWait));
                    return;
                }
                for (int i = 0; i < events.size(); i++) {
                    handler.metrics().refused(cause instanceof IntakeBusyException ? "overloaded" : "intake-failed");
                }
            } else if (deferredEvents.settle(events, result.result(), deferredWait, this::submit)) {
                return; // the socket stays paused until they are taken or refused
            }
            if (--submissionsInFlight == 0) {
                socket.resume();
            }
        });
    }
}
