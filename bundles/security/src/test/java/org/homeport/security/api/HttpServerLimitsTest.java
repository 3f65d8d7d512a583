package org.homeport.security.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Raw sockets, because an HTTP client would fix the very requests under test. The server is a
 * real Vert.x one, so a Vert.x or Netty upgrade that changes how requests are decoded fails here.
 */
class HttpServerLimitsTest {
    private final Vertx vertx = Vertx.vertx();
    /** Paths the handler was reached with: a refused request must never get there. */
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private HttpServerLimits limits;
    private int port;

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void start(int idleTimeoutSeconds, int maxConnections) throws Exception {
        limits = new HttpServerLimits("test", idleTimeoutSeconds, maxConnections);
        HttpServerOptions options = limits.apply(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        HttpServer server = limits.install(vertx.createHttpServer(options), options, request -> {
            handled.add(request.path());
            request.body().onComplete(body -> request.response().end("ok " + body.result().length()));
        });
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @Test
    void contentLengthWithChunkedIsRefusedAndTheConnectionClosedSoNothingCanBeSmuggled() throws Exception {
        start(30, 100);

        String answer = exchange("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json")
                .contains("\"type\":\"https://homeport.dev/problems/bad-framing\"")
                .contains("both Content-Length and Transfer-Encoding").endsWith("<closed>");
        assertThat(handled).isEmpty();
    }

    @Test
    void transferCodingsOtherThanASingleChunkedAreRefused() throws Exception {
        start(30, 100);

        for (String te : List.of("gzip, chunked", "identity", "chunked, chunked", "xchunked")) {
            assertThat(exchange("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n"))
                    .as(te).startsWith("HTTP/1.1 400 ").contains("bad-framing").endsWith("<closed>");
        }
        assertThat(exchange("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n")).startsWith("HTTP/1.1 400 ").contains("bad-framing").endsWith("<closed>");
        assertThat(exchange("POST /a HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
                .contains(" 400 ").contains("HTTP/1.0 request must not have Transfer-Encoding").endsWith("<closed>");
        assertThat(handled).isEmpty();
    }

    @Test
    void repeatedOrConflictingContentLengthIsRefusedAsProblem() throws Exception {
        start(30, 100);

        for (String lengths : List.of("Content-Length: 5\r\nContent-Length: 6", "Content-Length: 5\r\nContent-Length: 5",
                "Content-Length: 5, 5", "Content-Length: +5")) {
            assertThat(exchange("POST /a HTTP/1.1\r\nHost: x\r\n" + lengths + "\r\n\r\nhello!"))
                    .as(lengths).startsWith("HTTP/1.1 400 ").contains("bad-framing").endsWith("<closed>");
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void wellFramedRequestsPassAndTheConnectionStaysOpenForTheNext() throws Exception {
        start(30, 100);

        String answer = exchange("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");

        assertThat(answer).contains("ok 5").contains("ok 2").endsWith("<open>");
        assertThat(handled).containsExactly("/a", "/b");
    }

    @Test
    void connectionsOverTheCapAreClosedAtOnce() throws Exception {
        start(30, 2);
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            assertThat(exchange(first, "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")).contains("ok 0").endsWith("<open>");
            assertThat(exchange(second, "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")).contains("ok 0").endsWith("<open>");

            assertThat(exchange("GET /3 HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo("<closed>");
            assertThat(limits.refusedConnections()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> limits.openConnections() == 0);
        assertThat(exchange("GET /4 HTTP/1.1\r\nHost: x\r\n\r\n")).contains("ok 0");
        assertThat(handled).containsExactly("/1", "/2", "/4");
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        start(1, 100);
        try (Socket idle = new Socket("127.0.0.1", port)) {
            idle.setSoTimeout(10_000);
            long started = System.nanoTime();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void overTlsTheFirstRequestOfAConnectionIsCheckedToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        limits = new HttpServerLimits("test", 30, 100);
        HttpServerOptions options = ServerTls.apply(limits.apply(new HttpServerOptions().setHost("127.0.0.1").setPort(0)),
                keystore.toString(), "secret");
        HttpServer server = limits.install(vertx.createHttpServer(options), options, request -> {
            handled.add(request.path());
            request.response().end("ok");
        });
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);

        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustAll.getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.startHandshake(); // the first handshake of a JVM can be slow on a busy machine
            assertThat(exchange(socket, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 ").contains("bad-framing").endsWith("<closed>");
        }
        assertThat(handled).isEmpty();
    }

    /** Sends on a new connection and returns what came back, then {@code <closed>} or {@code <open>}. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return exchange(socket, request);
        }
    }

    private static String exchange(Socket socket, String request) throws IOException {
        socket.setSoTimeout(1500);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
            return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
        } catch (SocketTimeoutException e) {
            return received.toString(StandardCharsets.ISO_8859_1) + "<open>";
        } catch (java.net.SocketException e) {
            return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
        }
    }
}
