package org.homeport.receiver.http.internal;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;

/**
 * Real HTTP against the receiver: the JDK client for plain requests, the Vert.x client for
 * streamed bodies (it reads an early answer while still sending). Every call blocks the test
 * thread, with a timeout.
 */
final class TestClient implements AutoCloseable {
    static final String KEY = "key-of-device-1";

    record Reply(int status, MultiMap headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        JsonArray errors() {
            return json().getJsonArray("errors");
        }

        String problemType() {
            return json().getString("type");
        }
    }

    private final HttpClient client;
    private final java.net.http.HttpClient jdkClient = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    private final int port;

    TestClient(Vertx vertx, int port) {
        this.client = vertx.createHttpClient();
        this.port = port;
    }

    Reply postJson(String body) {
        return post(HttpMethod.POST, "/v1/events", bytes(body), Map.of("X-Api-Key", KEY, "Content-Type", "application/json"));
    }

    Reply post(String body, Map<String, String> headers) {
        return post(HttpMethod.POST, "/v1/events", bytes(body), headers);
    }

    /** A plain request with a fixed-length body (none for GET), over the JDK's client. */
    Reply post(HttpMethod method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method.name(), method == HttpMethod.GET
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = jdkClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
            MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
            response.headers().map().forEach(responseHeaders::add);
            return new Reply(response.statusCode(), responseHeaders, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Sends chunks without Content-Length, with back-pressure, and stops sending as soon as the
     * answer arrives (the server may answer early and close the connection).
     */
    Reply postChunked(Iterator<Buffer> chunks, Map<String, String> headers) {
        return await(client.request(options(HttpMethod.POST, "/v1/events", headers)).compose(request -> {
            request.setChunked(true);
            AtomicBoolean stop = new AtomicBoolean();
            request.exceptionHandler(e -> stop.set(true));
            Future<Reply> reply = request.response().compose(response -> {
                stop.set(true);
                return response.body().map(b -> new Reply(response.statusCode(), response.headers(), b.toString()));
            });
            pump(request, chunks, stop);
            return reply;
        }));
    }

    /** One chunk at a time, the next once the last is written: never spins on a closed connection. */
    private static void pump(HttpClientRequest request, Iterator<Buffer> chunks, AtomicBoolean stop) {
        if (stop.get()) {
            return;
        }
        if (!chunks.hasNext()) {
            request.end();
            return;
        }
        request.write(chunks.next()).onComplete(written -> {
            if (written.failed()) {
                stop.set(true);
            } else {
                pump(request, chunks, stop);
            }
        });
    }

    private RequestOptions options(HttpMethod method, String path, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
        headers.forEach(options::putHeader);
        return options;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("request failed: " + e, e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        await(client.close());
    }
}
