package org.homeport.receiver.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.intake.EventOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With tls.keystore the receiver speaks HTTPS only, with the key store's certificate. */
@org.junit.jupiter.api.Timeout(60)
class OtlpReceiverTlsTest {
    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    @Test
    void aKeyStoreTurnsOnHttps() throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", "server.p12", "-storetype", "PKCS12",
                "-storepass", "test-pw", "-noprompt");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            trust.load(in, "test-pw".toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);

        Vertx vertx = Vertx.vertx();
        OtlpReceiver receiver = new OtlpReceiver(vertx,
                submission -> CompletableFuture.completedFuture(List.of(EventOutcome.accepted(0, "id"))),
                credentials -> CompletableFuture.completedFuture(new DevicePrincipal("demo", "key", Set.of())),
                new TestCatalog(), new SimpleMeterRegistry());
        try {
            receiver.start(Configs.otlp(Map.of("port", 0, "tls_keystore", dir.resolve("server.p12").toString(),
                    "tls_keystore_password", "test-pw")));
            byte[] body = OtlpMappingTest.logs("app", OtlpMappingTest.record("over tls")).toByteArray();
            HttpResponse<byte[]> response = HttpClient.newBuilder().sslContext(tls).build().send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + receiver.port() + "/v1/logs"))
                            .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-protobuf")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(ExportLogsServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + receiver.port() + "/v1/logs")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(java.io.IOException.class);
        } finally {
            receiver.stop();
            vertx.close().await();
        }
    }
}
