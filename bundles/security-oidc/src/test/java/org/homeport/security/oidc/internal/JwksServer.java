package org.homeport.security.oidc.internal;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A JWKS endpoint on 127.0.0.1 (the JDK's own HTTP server) whose keys and Cache-Control a test changes. */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    private final long started = System.nanoTime();
    /** Milliseconds after start at which each request came in, for a failure message. */
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    volatile String cacheControl;

    JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/certs", exchange -> {
            requestTimes.add((System.nanoTime() - started) / 1_000_000);
            requests.incrementAndGet();
            byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (cacheControl != null) {
                exchange.getResponseHeaders().add("Cache-Control", cacheControl);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
    }

    /** When requests came in, e.g. "requests at [12, 1030] ms after start". */
    String requestLog() {
        return "requests at " + requestTimes + " ms after the server started";
    }

    void publish(String kid, KeyPair key) {
        keys.put(kid, key);
    }

    void withdraw(String kid) {
        keys.remove(kid);
    }

    private String jwks() {
        JsonArray array = new JsonArray();
        keys.forEach((kid, pair) -> {
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            array.add(new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", kid)
                    .put("n", b64.encodeToString(unsigned(key.getModulus().toByteArray())))
                    .put("e", b64.encodeToString(unsigned(key.getPublicExponent().toByteArray()))));
        });
        return new JsonObject().put("keys", array).encode();
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
