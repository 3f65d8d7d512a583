package org.homeport.security.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's HTTP/1.x request decoder with {@link RequestFraming} applied to the headers exactly as
 * received, and a deadline for each request to arrive whole.
 *
 * <p>Framing has to be checked in the decoder: Netty drops {@code Content-Length} when
 * {@code Transfer-Encoding: chunked} is present too, so a request handler never sees the
 * conflict, and keeps the connection open for the next (possibly smuggled) request. A refused
 * request becomes an invalid request: the decoder discards the rest of the connection's input and
 * Vert.x hands the request to the server's invalid-request handler.
 *
 * <p>The deadline: a request (head and body) must be decoded whole within the request timeout of
 * its first byte. The idle timeout cannot do this: Vert.x puts its idle handler behind this
 * decoder, so every decoded body part restarts it, and a sender trickling a body a few bytes at a
 * time would hold the connection forever (a trickled head, which decodes to nothing until it is
 * complete, does run into the idle timeout). The clock runs from the first byte after the
 * previous request ended to the decoded end of the request ({@link LastHttpContent}), not to the
 * response. While the server itself has stopped reading the connection (Vert.x turns auto-read
 * off when a paused request has more input queued than it buffers), the clock stops: that wait is
 * the server's, not the sender's. A server-side wait that does not stop reading (a small body
 * already read whole, an answer to {@code 100-continue} still being prepared) counts. When it
 * expires before the head has been decoded, the request becomes an invalid request failed with a
 * {@link RequestTimeoutException} (the invalid-request handler answers 408 and closes); once a
 * handler has the request, the connection is closed without an answer, as the handler may be
 * writing its own.
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    /** The name Vert.x gives its HTTP/1.x decoder in the channel pipeline. */
    static final String DECODER = "httpDecoder";
    /** While the server holds the connection paused at the deadline, look again this often. */
    private static final long PAUSED_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long timeoutNanos;
    private final Runnable onTimeout;
    /** When the request in progress must have arrived; 0 while no request is in progress. */
    private long deadline;
    /** Since when the server has not been reading the connection, as far as seen; 0 if it reads. */
    private long pausedSince;
    /** The request in progress has been handed on (its head was decoded). */
    private boolean headDecoded;
    /** The request in progress has sent more than the blank lines allowed between requests. */
    private boolean sawRequestBytes;
    /** Refused or timed out: the connection is on its way to being closed, its input is discarded. */
    private boolean done;
    /** The one timer of this connection, if armed; it may fire early and then re-arms itself. */
    private ScheduledFuture<?> timer;

    StrictRequestDecoder(HttpServerOptions options, long timeoutNanos, Runnable onTimeout) {
        super(options);
        this.timeoutNanos = timeoutNanos;
        this.onTimeout = onTimeout;
    }

    /** Netty calls this once the header block is parsed, before it decides how the body is framed. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        if (message instanceof HttpRequest request) {
            String problem = RequestFraming.problem(request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) < 0,
                    request.headers().getAll(HttpHeaderNames.CONTENT_LENGTH),
                    request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING));
            if (problem != null) {
                throw new RequestFraming.FramingException(problem);
            }
        }
        return super.isContentAlwaysEmpty(message);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (done) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.isReadable()) {
            started(ctx, in);
        }
        int before = out.size();
        super.decode(ctx, in, out);
        for (int i = before; i < out.size(); i++) {
            Object message = out.get(i);
            if (message instanceof HttpObject object && !object.decoderResult().isSuccess()) {
                // refused (framing, size, syntax): Vert.x answers and closes, the deadline has no more to do
                done = true;
                stop();
                return;
            }
            if (message instanceof HttpRequest) {
                headDecoded = true;
            }
            if (message instanceof LastHttpContent) {
                deadline = 0;
                headDecoded = false;
                sawRequestBytes = false;
            }
        }
        if (in.isReadable()) {
            started(ctx, in); // the next request's first bytes came with the end of this one
        }
    }

    /** Bytes of a request arrived: start its clock if none runs, and note what they are. */
    private void started(ChannelHandlerContext ctx, ByteBuf in) {
        long now = System.nanoTime();
        if (pausedSince != 0) {
            // reading again: the time the server held the connection does not count
            if (deadline != 0) {
                deadline += now - pausedSince;
            }
            pausedSince = 0;
        }
        if (deadline == 0) {
            if (!ctx.channel().isActive()) {
                return; // the input left over when the connection closed
            }
            deadline = now + timeoutNanos;
            headDecoded = false;
            sawRequestBytes = false;
            if (timer == null) {
                arm(ctx, timeoutNanos);
            }
        }
        if (!sawRequestBytes && !headDecoded) {
            for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
                byte b = in.getByte(i);
                if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                    sawRequestBytes = true;
                    break;
                }
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        super.channelReadComplete(ctx);
        // Vert.x decides here, after the read, whether to stop reading because a paused request has enough queued
        if (deadline != 0 && pausedSince == 0 && !ctx.channel().config().isAutoRead()) {
            pausedSince = System.nanoTime();
        }
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> check(ctx), Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
    }

    /** The timer: runs on the connection's event loop. */
    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (deadline == 0 || done || !ctx.channel().isActive()) {
            return; // no request in progress: the next one arms the timer again
        }
        long now = System.nanoTime();
        if (!ctx.channel().config().isAutoRead()) {
            // the server is not reading: the sender cannot be late, look again later
            if (pausedSince == 0) {
                pausedSince = now;
            }
            arm(ctx, Math.min(PAUSED_POLL_NANOS, timeoutNanos));
            return;
        }
        if (pausedSince != 0) {
            deadline += now - pausedSince;
            pausedSince = 0;
        }
        if (now - deadline < 0) {
            arm(ctx, deadline - now);
            return;
        }
        done = true;
        if (!headDecoded && !sawRequestBytes) {
            // nothing but the blank lines some clients send after a body: an idle connection, closed as such
            ctx.close();
            return;
        }
        onTimeout.run();
        if (headDecoded) {
            // a handler has the request and may be answering it: just close
            ctx.close();
            return;
        }
        // No handler has this request yet: hand Vert.x an invalid request, which it answers (after any response
        // still in progress on this connection) through the invalid-request handler, which closes.
        DefaultFullHttpRequest timedOut = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/",
                Unpooled.EMPTY_BUFFER);
        timedOut.setDecoderResult(DecoderResult.failure(new RequestTimeoutException()));
        ctx.fireChannelRead(timedOut);
        ctx.fireChannelReadComplete();
        // fail closed: whatever becomes of that answer, the connection does not outlive another period
        timer = ctx.executor().schedule(() -> {
            ctx.close();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        ScheduledFuture<?> armed = timer;
        timer = null;
        if (armed != null) {
            armed.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            done = true;
            stop();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        try {
            super.handlerRemoved0(ctx);
        } finally {
            done = true;
            stop();
        }
    }

    /**
     * Puts this decoder in place of Vert.x's on a new connection, before it has read a request.
     *
     * @param requestTimeoutNanos how long a request may take to arrive whole, from its first byte
     * @param onTimeout           called on the event loop when a connection is closed for a late request (not
     *                            for one closed after only blank lines between requests)
     * @return {@code true} if the connection now decodes strictly or is not HTTP/1.x (HTTP/2 has
     *         no such framing); {@code false} if an HTTP/1.x connection could not be changed
     */
    public static boolean install(HttpConnection connection, HttpServerOptions options, long requestTimeoutNanos,
            Runnable onTimeout) {
        if (!(connection instanceof Http1xServerConnection http1)) {
            return true;
        }
        ChannelPipeline pipeline = http1.channel().pipeline();
        ChannelHandler decoder = pipeline.get(DECODER);
        if (decoder instanceof StrictRequestDecoder) {
            return true;
        }
        if (!(decoder instanceof VertxHttpRequestDecoder)) {
            return false;
        }
        pipeline.replace(decoder, DECODER, new StrictRequestDecoder(options, requestTimeoutNanos, onTimeout));
        return true;
    }

    /** Why a request that did not arrive whole in time was refused; no stack trace, it is not a fault. */
    public static final class RequestTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RequestTimeoutException() {
            super("the request did not arrive whole in time", null, false, false);
        }
    }
}
