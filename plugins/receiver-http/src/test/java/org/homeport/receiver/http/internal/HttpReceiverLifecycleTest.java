package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class HttpReceiverLifecycleTest extends ReceiverTestSupport {

    @Test
    void stopFreesThePortBeforeReturning() {
        int port = receiver.port();

        receiver.stop();

        assertThat(receiver.port()).isEqualTo(-1);
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void severalServerInstancesShareOnePortAndStopTogether() throws IOException {
        client.close();
        receiver.stop();
        int free;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        receiver.start(config().withHostAndPort("127.0.0.1", free), 3);
        client = new TestClient(vertx, receiver.port());
        int port = receiver.port();
        assertThat(port).isEqualTo(free);

        for (int i = 0; i < 6; i++) {
            assertThat(client.postJson("[" + event("shared-" + i) + "]").status()).isEqualTo(200);
        }
        assertThat(intake.events()).hasSize(6);

        client.close();
        receiver.stop();
        // Vert.x closes the socket the instances shared once the last of them is gone, a moment later.
        await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return false;
            } catch (IOException refused) {
                return true;
            }
        });
        receiver.start(config());
        client = new TestClient(vertx, receiver.port());
    }

    @Test
    void restartAppliesTheNewLimits() {
        assertThat(client.postJson("[" + event("a") + "," + event("b") + "]").status()).isEqualTo(200);

        restartWith(limits(1 << 20, 1 << 20, 16, 1, 1000));

        assertThat(client.postJson("[" + event("a") + "," + event("b") + "]").status()).isEqualTo(413);
        assertThat(client.postJson("[" + event("c") + "]").status()).isEqualTo(200);
    }

    @Test
    void startFailsWhenThePortIsTaken() {
        HttpReceiver second = new HttpReceiver(vertx, intake, new MapAuthenticator(java.util.Map.of()), registry);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> second.start(ReceiverConfig.defaults()
                    .withHostAndPort("127.0.0.1", taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(second.port()).isEqualTo(-1);
    }
}
