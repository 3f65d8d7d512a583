package org.homeport.receiver.otlp.internal;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.Handler;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.homeport.security.api.HttpServerLimits;

/**
 * One HTTP server of the OTLP receiver. Deployed once per instance: Vert.x binds the port once and
 * hands each verticle's event loop its share of the connections, so parsing uses several cores.
 */
final class ServerVerticle extends VerticleBase {
    private final HttpServerOptions options;
    /** Shared by every instance, so the connection cap counts the whole port. */
    private final HttpServerLimits limits;
    private final Handler<HttpServerRequest> handler;
    private final long shutdownGraceSeconds;
    private final IntConsumer boundPort;
    private HttpServer server;

    ServerVerticle(HttpServerOptions options, HttpServerLimits limits, Handler<HttpServerRequest> handler, long shutdownGraceSeconds,
            IntConsumer boundPort) {
        this.options = options;
        this.limits = limits;
        this.handler = handler;
        this.shutdownGraceSeconds = shutdownGraceSeconds;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        return limits.install(vertx.createHttpServer(options), options, handler).listen().onSuccess(listening -> {
            server = listening;
            boundPort.accept(listening.actualPort());
        });
    }

    /** Lets in-flight requests finish briefly before the server closes. */
    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(shutdownGraceSeconds, TimeUnit.SECONDS);
    }
}
