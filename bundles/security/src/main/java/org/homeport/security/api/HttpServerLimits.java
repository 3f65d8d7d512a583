package org.homeport.security.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.homeport.api.util.http.ProblemJson;
import org.homeport.security.internal.RequestFraming;
import org.homeport.security.internal.StrictRequestDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Homeport HTTP listener does the same way before a request reaches its handler:
 * closes idle connections, caps how many connections are open at once, closes a connection whose
 * request does not arrive whole in time, and refuses requests whose body framing a proxy in front
 * could read differently (RFC 9112, section 6.1: both {@code Content-Length} and
 * {@code Transfer-Encoding}, a transfer coding other than {@code chunked}, a repeated
 * {@code Content-Length}). A refused request is answered {@code 400 application/problem+json}
 * ({@code bad-framing}) and its connection is closed.
 *
 * <p>The request timeout bounds a slow sender, which the idle timeout cannot: Vert.x's idle timer
 * sits behind the HTTP decoder and restarts on every decoded part, so a body trickled a few bytes
 * every few seconds would hold a connection (and a place under the cap) forever. A request's head and body must arrive whole within the request timeout of its first
 * byte (HTTP/1.x; HTTP/2 over TLS is bounded by the idle timeout only). If the head is still
 * incomplete, the answer is {@code 408 application/problem+json} ({@code request-timeout}) and the
 * connection is closed; once a handler has the request, the connection is closed without an
 * answer. Time in which the server itself has stopped reading the connection (a handler that
 * paused a large body, for example while it checks a token) does not count; a server-side wait
 * that does not stop reading, such as preparing the answer to {@code 100-continue}, does. The
 * timeout must therefore allow for the slowest legitimate sender and body plus a few seconds.
 *
 * <p>One instance per listener; a listener made of several servers on one port (one per event
 * loop) shares one instance, so the cap counts the port's connections. Use it in this order:
 * {@link #apply(HttpServerOptions)} to the options, create the server from them, then
 * {@link #install(HttpServer, HttpServerOptions, Handler)} before {@code listen()}.
 *
 * @since 1.2
 */
public final class HttpServerLimits {
    /** The problem type slug of a request refused for its framing. */
    public static final String BAD_FRAMING = "bad-framing";
    /** The problem type slug of a request whose head did not arrive whole within the request timeout. */
    public static final String REQUEST_TIMEOUT = "request-timeout";
    /** The request timeout of {@link #HttpServerLimits(String, int, int)}, in seconds. */
    public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(HttpServerLimits.class);
    /** An answer written while the sender may still be sending gets this long before the close resets it. */
    private static final long LINGER_MILLIS = 500;
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final int idleTimeoutSeconds;
    private final int maxConnections;
    private final int requestTimeoutSeconds;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong lastTimeoutWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    /**
     * Limits with the {@linkplain #DEFAULT_REQUEST_TIMEOUT_SECONDS default request timeout}.
     *
     * @param name               the listener, for the log ("receiver", "management", "admin")
     * @param idleTimeoutSeconds a connection that neither reads nor writes this long is closed
     * @param maxConnections     more open connections than this are closed as soon as they are accepted
     */
    public HttpServerLimits(String name, int idleTimeoutSeconds, int maxConnections) {
        this(name, idleTimeoutSeconds, maxConnections, DEFAULT_REQUEST_TIMEOUT_SECONDS);
    }

    /**
     * @param name                  the listener, for the log ("receiver", "management", "admin")
     * @param idleTimeoutSeconds    a connection that neither reads nor writes this long is closed
     * @param maxConnections        more open connections than this are closed as soon as they are accepted
     * @param requestTimeoutSeconds a request (head and body) that has not arrived whole this long after
     *                              its first byte closes its connection (see the class description)
     */
    public HttpServerLimits(String name, int idleTimeoutSeconds, int maxConnections, int requestTimeoutSeconds) {
        if (idleTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("max connections must be positive");
        }
        if (requestTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("request timeout must be positive");
        }
        this.name = name;
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        this.maxConnections = maxConnections;
        this.requestTimeoutSeconds = requestTimeoutSeconds;
    }

    /**
     * Sets the idle timeout and turns off HTTP/2 upgrades over cleartext ({@code h2c}): the framing
     * check must see every HTTP/1.x request from the first byte, and an {@code h2c} upgrade is itself
     * a way around a front proxy's rules. HTTP/2 over TLS (ALPN), where a server turns it on, is unaffected.
     *
     * @return the same options
     */
    public HttpServerOptions apply(HttpServerOptions options) {
        return options.setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setHttp2ClearTextEnabled(false);
    }

    /**
     * Installs the connection cap, the strict request decoder with the request timeout, and the answer to invalid requests
     * on {@code server}, and {@code handler} as its request handler behind the framing check.
     * Call before {@code listen()}.
     *
     * @param options the options {@code server} was created with (the decoder needs them)
     * @return {@code server}
     */
    public HttpServer install(HttpServer server, HttpServerOptions options, Handler<HttpServerRequest> handler) {
        return server.connectionHandler(connection -> accept(connection, options))
                .invalidRequestHandler(this::invalid)
                .requestHandler(request -> {
                    // HTTP/1.x never gets here with bad framing (the decoder refuses it); this catches HTTP/2
                    String problem = RequestFraming.problem(request.version() == HttpVersion.HTTP_1_0,
                            request.headers().getAll(HttpHeaders.CONTENT_LENGTH),
                            request.headers().getAll(HttpHeaders.TRANSFER_ENCODING));
                    if (problem != null) {
                        refuse(request, 400, BAD_FRAMING, "Ambiguous request framing", problem);
                    } else {
                        handler.handle(request);
                    }
                });
    }

    /** Connections open right now. */
    public int openConnections() {
        return open.get();
    }

    /** Connections closed at once because the cap was reached, since this instance was made. */
    public long refusedConnections() {
        return refused.get();
    }

    /**
     * Connections closed because a request did not arrive whole within the request timeout, since
     * this instance was made.
     *
     * @since 1.2
     */
    public long timedOutRequests() {
        return timedOut.get();
    }

    private void accept(HttpConnection connection, HttpServerOptions options) {
        int now = open.incrementAndGet();
        connection.closeHandler(closed -> open.decrementAndGet());
        if (now > maxConnections) {
            refused.incrementAndGet();
            long last = lastWarning.get();
            if (System.nanoTime() - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, System.nanoTime())) {
                LOG.warn("The {} listener has {} connections open, its limit; new connections are closed at once "
                        + "({} so far)", name, maxConnections, refused.get());
            }
            connection.close();
            return;
        }
        if (!StrictRequestDecoder.install(connection, options, TimeUnit.SECONDS.toNanos(requestTimeoutSeconds),
                this::timedOut)) {
            // fail closed: without the strict decoder this connection could carry a smuggled request
            LOG.error("The {} listener cannot check request framing on this Vert.x version; closing the connection",
                    name);
            connection.close();
        }
    }

    private void timedOut() {
        long count = timedOut.incrementAndGet();
        long last = lastTimeoutWarning.get();
        if (System.nanoTime() - last >= WARN_EVERY_NANOS && lastTimeoutWarning.compareAndSet(last, System.nanoTime())) {
            LOG.warn("The {} listener closed a connection whose request did not arrive whole within {} s "
                    + "({} so far); many of these mean slow senders or a slow network", name, requestTimeoutSeconds, count);
        }
    }

    /** Answers what Vert.x's decoder could not take, our framing refusals and timeouts included, and closes. */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        String framing = cause instanceof RequestFraming.FramingException ? cause.getMessage()
                : RequestFraming.problem(request.version() == HttpVersion.HTTP_1_0,
                        request.headers().getAll(HttpHeaders.CONTENT_LENGTH),
                        request.headers().getAll(HttpHeaders.TRANSFER_ENCODING));
        if (cause instanceof StrictRequestDecoder.RequestTimeoutException) {
            refuse(request, 408, REQUEST_TIMEOUT, "Request timeout",
                    "the request did not arrive whole within " + requestTimeoutSeconds + " seconds of its first byte");
        } else if (framing != null) {
            refuse(request, 400, BAD_FRAMING, "Ambiguous request framing", framing);
        } else if (cause instanceof TooLongHttpLineException) {
            refuse(request, 414, "uri-too-long", "URI too long", "the request line is longer than this server accepts");
        } else if (cause instanceof TooLongHttpHeaderException) {
            refuse(request, 431, "headers-too-large", "Request header fields too large",
                    "the request's header fields are larger than this server accepts");
        } else {
            refuse(request, 400, "malformed-request", "Malformed request", "the request is not well-formed HTTP");
        }
    }

    /** Answers with a problem and closes the connection; nothing more is read from it. */
    private static void refuse(HttpServerRequest request, int status, String slug, String title, String detail) {
        LOG.debug("Refused a request: {} {}", status, slug);
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            request.connection().close();
            return;
        }
        request.pause();
        HttpConnection connection = request.connection();
        if (request.version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Context context = Vertx.currentContext();
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ProblemJson.MEDIA_TYPE)
                .end(ProblemJson.write(status, slug, title, detail))
                .onComplete(written -> {
                    if (context == null) {
                        connection.close();
                    } else {
                        context.owner().setTimer(LINGER_MILLIS, timer -> connection.close());
                    }
                });
    }
}
