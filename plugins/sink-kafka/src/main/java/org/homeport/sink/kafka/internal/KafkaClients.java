package org.homeport.sink.kafka.internal;

import java.util.function.Supplier;

/** Builds Kafka clients the way they must be built inside this bundle. */
final class KafkaClients {
    private KafkaClients() {
    }

    /**
     * Runs {@code build} with this bundle's class loader as the thread's context class loader: Kafka loads the
     * classes named in its configuration (serializers, partitioners, login modules) through it, and only this
     * bundle sees the embedded client.
     */
    static <T> T build(Supplier<T> build) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaClients.class.getClassLoader());
        try {
            return build.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
