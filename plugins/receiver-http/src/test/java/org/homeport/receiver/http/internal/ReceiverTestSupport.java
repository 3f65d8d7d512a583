package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.homeport.api.auth.DevicePrincipal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** A real receiver on a free loopback port with fakes of the Homeport services behind it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReceiverTestSupport {
    static final DevicePrincipal DEVICE = new DevicePrincipal("tenant-a", "key-id-1", Set.of());
    /** Shaped like a JWT (three dot-separated parts), so the receiver treats it as an access token. */
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZXRlciJ9.c2lnbmF0dXJl";
    static final DevicePrincipal TOKEN_BACKEND = new DevicePrincipal("tenant-b", "oidc:meter-backend", Set.of());

    Vertx vertx;
    ExecutorService intakeThread;
    RecordingIntake intake;
    MapAuthenticator authenticator;
    SimpleMeterRegistry registry;
    HttpReceiver receiver;
    TestClient client;

    @BeforeAll
    void startVertx() {
        vertx = Vertx.vertx();
        intakeThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-intake"));
    }

    @AfterAll
    void stopVertx() throws Exception {
        intakeThread.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void startReceiver() {
        intake = new RecordingIntake(intakeThread);
        registry = new SimpleMeterRegistry();
        authenticator = new MapAuthenticator(Map.of(TestClient.KEY, DEVICE, TOKEN, TOKEN_BACKEND));
        receiver = new HttpReceiver(vertx, intake, authenticator, registry);
        receiver.start(config());
        client = new TestClient(vertx, receiver.port());
    }

    @AfterEach
    void stopReceiver() {
        client.close();
        receiver.stop();
    }

    ReceiverConfig config() {
        return ReceiverConfig.defaults().withHostAndPort("127.0.0.1", 0);
    }

    static ReceiverConfig limits(long maxBodyBytes, long maxDecompressedBytes, int maxDepth, int maxEvents,
            int maxStringLength) {
        return new ReceiverConfig("127.0.0.1", 0, maxBodyBytes, maxDecompressedBytes, maxDepth, maxEvents,
                maxStringLength, 30);
    }

    void restartWith(ReceiverConfig config) {
        client.close();
        receiver.stop();
        receiver.start(config);
        client = new TestClient(vertx, receiver.port());
    }

    /** After any refusal the node must go on serving well-formed requests. */
    void assertStillServes() {
        int before = intake.events().size();
        TestClient.Reply reply = client.postJson("[" + event("after-refusal") + "]");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(intake.events()).hasSize(before + 1);
    }

    static String event(String id) {
        return """
                {"id":"%s","type":"app.start","purpose":"product-analytics",\
                "source":{"product":"meet","version":"45.3.1"}}""".formatted(id);
    }
}
