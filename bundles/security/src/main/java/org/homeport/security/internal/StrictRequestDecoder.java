package org.homeport.security.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's HTTP/1.x request decoder with {@link RequestFraming} applied to the headers exactly as
 * received. It has to sit in the decoder: Netty drops {@code Content-Length} when
 * {@code Transfer-Encoding: chunked} is present too, so a request handler never sees the
 * conflict, and keeps the connection open for the next (possibly smuggled) request.
 *
 * <p>A refused request becomes an invalid request: the decoder discards the rest of the
 * connection's input and Vert.x hands the request to the server's invalid-request handler.
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    /** The name Vert.x gives its HTTP/1.x decoder in the channel pipeline. */
    static final String DECODER = "httpDecoder";

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
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

    /**
     * Puts this decoder in place of Vert.x's on a new connection, before it has read a request.
     *
     * @return {@code true} if the connection now decodes strictly or is not HTTP/1.x (HTTP/2 has
     *         no such framing); {@code false} if an HTTP/1.x connection could not be changed
     */
    public static boolean install(HttpConnection connection, HttpServerOptions options) {
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
        pipeline.replace(decoder, DECODER, new StrictRequestDecoder(options));
        return true;
    }
}
