package org.homeport.security.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
        start(new HttpServerLimits("test", idleTimeoutSeconds, maxConnections), request -> {
            handled.add(request.path());
            request.body().onComplete(body -> request.response().end("ok " + body.result().length()));
        });
    }

    private void start(HttpServerLimits serverLimits, io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler)
            throws Exception {
        limits = serverLimits;
        HttpServerOptions options = limits.apply(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        HttpServer server = limits.install(vertx.createHttpServer(options), options, handler);
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    /**
     * Idle timeout 5 s, request timeout 2 s: a byte every 300 ms keeps a connection from idling, not
     * from the deadline; requests that take 600 ms stay well inside it even on a loaded machine.
     */
    private void startWithDeadline() throws Exception {
        start(new HttpServerLimits("test", 5, 100, 2), request -> {
            handled.add(request.path());
            request.body().onComplete(body -> {
                if (body.succeeded()) {
                    request.response().end("ok " + body.result().length());
                }
            });
        });
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

    @Test
    void aHeaderTrickledSlowerThanTheRequestTimeoutIsAnswered408AndClosed() throws Exception {
        startWithDeadline();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            CompletableFuture<String> received = readToEnd(socket);
            long started = System.nanoTime();
            // never finishes its head: 60 bytes at one per 300 ms would take 18 s, each gap well under the idle timeout
            trickle(socket, "GET /slow HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(30) + "\r\n\r\n", received);

            String answer = received.get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("application/problem+json")
                    .contains("\"type\":\"https://homeport.dev/problems/request-timeout\"")
                    .containsIgnoringCase("connection: close");
        }
        assertThat(limits.timedOutRequests()).isEqualTo(1);
        assertThat(handled).isEmpty();
    }

    @Test
    void aBodyTrickledPastTheRequestTimeoutIsCut() throws Exception {
        startWithDeadline();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            CompletableFuture<String> received = readToEnd(socket);
            socket.getOutputStream().write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            long started = System.nanoTime();
            trickle(socket, "b".repeat(40), received);

            String answer = received.get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            assertThat(answer).doesNotContain("ok ");
        }
        assertThat(handled).containsExactly("/slow");
        assertThat(limits.timedOutRequests()).isEqualTo(1);
    }

    @Test
    void aKeepAliveConnectionWhoseRequestsEachArriveInTimeStaysOpenLongerThanTheTimeout() throws Exception {
        startWithDeadline();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            StringBuffer answers = new StringBuffer();
            CompletableFuture<String> closed = readToEnd(socket, answers);
            long started = System.nanoTime();
            for (int i = 1; i <= 6; i++) {
                // each request in two parts 600 ms apart, the next right after the answer: 3.6 s of requests on one
                // connection, each under 2 s, each but the first begun before the previous one's deadline had passed
                send(socket, "POST /" + i + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab");
                pace(600);
                send(socket, "cd");
                int answered = i;
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> answers.toString().split("ok 4", -1).length - 1 == answered || closed.isDone());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(3));
            send(socket, "GET /7 HTTP/1.1\r\nHost: x\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> answers.toString().contains("ok 0") || closed.isDone());
            assertThat(closed).isNotDone();
            assertThat(answers.toString()).doesNotContain(" 408 ");
        }
        assertThat(handled).containsExactly("/1", "/2", "/3", "/4", "/5", "/6", "/7");
        assertThat(limits.timedOutRequests()).isZero();
    }

    @Test
    void blankLinesAfterARequestAreNotALateRequest() throws Exception {
        startWithDeadline();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            CompletableFuture<String> received = readToEnd(socket);
            send(socket, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n\r\n"); // some clients add a CRLF after a request

            String answer = received.get(10, TimeUnit.SECONDS); // closed as idle, by the deadline or the idle timeout
            assertThat(answer).contains("ok 0").doesNotContain(" 408 ");
        }
        assertThat(limits.timedOutRequests()).isZero();
    }

    @Test
    void timeTheServerHoldsTheBodyPausedDoesNotCount() throws Exception {
        int size = 32 * 1024 * 1024; // more than socket buffers and Vert.x's queues hold: the sender must wait
        start(new HttpServerLimits("test", 10, 100, 1), request -> {
            handled.add(request.path());
            request.pause(); // e.g. while a token is checked
            long[] bytes = {0};
            request.handler(chunk -> bytes[0] += chunk.length());
            request.endHandler(end -> request.response().end("ok " + bytes[0]));
            vertx.setTimer(2500, timer -> request.resume());
        });
        try (Socket socket = new Socket("127.0.0.1", port)) {
            CompletableFuture<String> received = readToEnd(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = new byte[64 * 1024];
            for (int sent = 0; sent < size; sent += block.length) {
                out.write(block);
            }
            out.flush();
            assertThat(received.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200 ").contains("ok " + size);
        }
        assertThat(limits.timedOutRequests()).isZero();
    }

    /** Writes {@code text} a byte every 300 ms until it is all sent, the connection fails or an answer is complete. */
    private static void trickle(Socket socket, String text, CompletableFuture<String> received) {
        OutputStream out;
        try {
            out = socket.getOutputStream();
            for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
                if (received.isDone()) {
                    return;
                }
                out.write(b);
                out.flush();
                pace(300);
            }
        } catch (IOException e) {
            // closed by the server: what the caller checks
        }
    }

    private static void pace(long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes, read on another thread. */
    private static CompletableFuture<String> readToEnd(Socket socket) throws IOException {
        return readToEnd(socket, new StringBuffer());
    }

    /** Like {@link #readToEnd(Socket)}, with what has come so far in {@code sofar}. */
    private static CompletableFuture<String> readToEnd(Socket socket, StringBuffer sofar) throws IOException {
        socket.setSoTimeout(0);
        InputStream in = socket.getInputStream();
        CompletableFuture<String> received = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    bytes.write(buffer, 0, n);
                    sofar.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // reset or closed: the end either way
            }
            received.complete(bytes.toString(StandardCharsets.ISO_8859_1));
        }, "reader");
        reader.setDaemon(true);
        reader.start();
        return received;
    }

    /** Sends on a new connection and returns what came back, then {@code <closed>} or {@code <open>}. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return exchange(socket, request);
        }
    }

    /** {@code <open>} means nothing more came for 5 s: long enough for a loaded machine to answer and close. */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.setSoTimeout(5000);
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
