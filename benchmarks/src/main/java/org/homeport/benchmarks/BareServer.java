package org.homeport.benchmarks;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a Vert.x HTTP server on 127.0.0.1 that reads every request body to the end,
 * throws it away and answers {@code 200 {"accepted":100}}. What it costs is what HTTP and the
 * transport alone cost on this machine; Homeport's numbers are read as a ratio against it.
 * Prints {@code READY <port>} on stdout once it listens; stops on SIGTERM.
 */
public final class BareServer {

    static final int DEFAULT_PORT = 8490;

    private BareServer() {
    }

    public static void main(String[] args) throws Exception {
        int port;
        int instances;
        try {
            CommandLine line = CommandLine.parse(args, Set.of("port", "instances"), Set.of());
            port = line.intNumber("port", DEFAULT_PORT, 1);
            // One event loop per core, as Homeport's shared Vert.x instance has by default.
            instances = line.intNumber("instances", Runtime.getRuntime().availableProcessors(), 1);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: java -cp homeport-benchmarks.jar " + BareServer.class.getName()
                    + " [--port N (default " + DEFAULT_PORT + ")] [--instances N (default: cores)]");
            System.exit(2);
            return;
        }

        Vertx vertx = Vertx.vertx();
        int listenPort = port;
        try {
            vertx.deployVerticle(() -> new DiscardingVerticle(listenPort), new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("error: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            vertx.close();
            System.exit(1);
            return;
        }
        System.out.println("READY " + port);
        System.out.flush();
    }

    /** One event loop's share of the server; Vert.x spreads connections over the instances. */
    static final class DiscardingVerticle extends VerticleBase {

        /** Constant on purpose: counting events would mean parsing JSON, which is Homeport's work, not transport. */
        private final Buffer accepted = Buffer.buffer("{\"accepted\":100}");

        private final int port;

        DiscardingVerticle(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(new HttpServerOptions()
                            .setHost("127.0.0.1")
                            .setPort(port)
                            .setTcpNoDelay(true)
                            // So a --gzip run costs the baseline the inflating too, as it costs Homeport.
                            .setDecompressionSupported(true))
                    .requestHandler(this::discard)
                    .listen();
        }

        private void discard(HttpServerRequest request) {
            request.handler(chunk -> { });
            request.endHandler(ignored -> request.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(accepted));
        }
    }
}
