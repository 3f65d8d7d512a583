package org.homeport.itests;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The Eclipse Paho MQTT 3.1.1 client, behind an API of JDK types only: MqttReceiverIT installs the
 * Paho bundle into the node before it first touches this class, and the test class itself names no
 * Paho type.
 */
final class PahoClient implements AutoCloseable {
    private final MqttAsyncClient client;

    private PahoClient(MqttAsyncClient client) {
        this.client = client;
    }

    /** @throws Refused with Paho's reason code (e.g. 4, bad user name or password) if refused at CONNECT */
    static PahoClient connect(int port, String password) {
        return connect("tcp://127.0.0.1:" + port, null, password);
    }

    /** Over TLS with {@code tls}; without password the client certificate in {@code tls} is the credential. */
    static PahoClient connectTls(int port, javax.net.ssl.SSLSocketFactory tls, String password) {
        return connect("ssl://127.0.0.1:" + port, tls, password);
    }

    private static PahoClient connect(String uri, javax.net.ssl.SSLSocketFactory tls, String password) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(uri, MqttClient.generateClientId(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            if (tls != null) {
                options.setSocketFactory(tls);
            }
            if (password != null) {
                options.setUserName("paho-device");
                options.setPassword(password.toCharArray());
            }
            options.setAutomaticReconnect(false);
            // one protocol version, one attempt (Paho's default retries with MQTT 3.1)
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setConnectionTimeout(10);
            try {
                client.connect(options).waitForCompletion(15_000);
            } catch (MqttException e) {
                client.close(true);
                throw new Refused(e.getReasonCode());
            }
            return new PahoClient(client);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refused at CONNECT, with Paho's reason code (the CONNACK return code). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Refused(int code) {
            super("refused at CONNECT: " + code);
            this.code = code;
        }
    }

    /** A publish in progress; done once the PUBACK came (QoS 1) or the message was written (QoS 0). */
    final class Delivery {
        private final IMqttDeliveryToken token;

        Delivery(IMqttDeliveryToken token) {
            this.token = token;
        }

        boolean isComplete() {
            return token.isComplete();
        }

        /** Waits for completion; the failure's description, or {@code null} if it succeeded. */
        String await(long millis) {
            try {
                token.waitForCompletion(millis);
                return token.getException() == null ? null : token.getException().toString();
            } catch (MqttException e) {
                return e.toString();
            }
        }
    }

    Delivery publish(String topic, String payload, int qos) {
        try {
            return new Delivery(client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false));
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            // the server closed it already
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }
}
