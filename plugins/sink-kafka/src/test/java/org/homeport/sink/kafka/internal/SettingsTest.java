package org.homeport.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** The metatype defaults, with some values replaced, as Declarative Services hands them in. */
    static KafkaSink.Config config(Map<String, Object> values) {
        return (KafkaSink.Config) Proxy.newProxyInstance(SettingsTest.class.getClassLoader(),
                new Class<?>[] {KafkaSink.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return KafkaSink.Config.class;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    @Test
    void defaultsGiveAnIdempotentProducerOnALocalBrokerWithinTheJournalTimeout() {
        Settings settings = Settings.from(config(Map.of()));
        Properties props = settings.producerProperties();

        assertThat(settings.name()).isEqualTo("kafka");
        assertThat(settings.bootstrapServers()).containsExactly("127.0.0.1:9092");
        assertThat(props).containsEntry("enable.idempotence", "true").containsEntry("acks", "all")
                .containsEntry("compression.type", "none").containsEntry("client.id", "homeport-kafka")
                .containsEntry("buffer.memory", String.valueOf(16L * 1024 * 1024));
        assertThat(Integer.parseInt(props.getProperty("delivery.timeout.ms"))).isLessThan(30_000);
        assertThat(settings.topics().topicFor("usage")).contains("homeport.usage");
    }

    @Test
    void emptyBootstrapServersIsAllowedButUnconfigured() {
        Settings settings = Settings.from(config(Map.of("bootstrap_servers", new String[] {" ", ""})));

        assertThat(settings.configured()).isFalse();
    }

    @Test
    void severalServersAreSplitOnCommas() {
        Settings settings = Settings.from(config(Map.of("bootstrap_servers", new String[] {"a:9092, b.example:9093", "[::1]:9094"})));

        assertThat(settings.bootstrapServers()).containsExactly("a:9092", "b.example:9093", "[::1]:9094");
    }

    @Test
    void hostileValuesAreRefusedWithTheKeyNamed() {
        assertRefused(Map.of("bootstrap_servers", new String[] {"kafka"}), "bootstrap.servers");
        assertRefused(Map.of("bootstrap_servers", new String[] {"kafka:99999"}), "bootstrap.servers");
        assertRefused(Map.of("bootstrap_servers", new String[] {"ka fka:9092"}), "bootstrap.servers");
        assertRefused(Map.of("compression_type", "zstd"), "compression.type");
        assertRefused(Map.of("compression_type", "snappy"), "compression.type");
        assertRefused(Map.of("compression_type", "brotli"), "compression.type");
        assertRefused(Map.of("topic", "a/b"), "topic");
        assertRefused(Map.of("topic", "x".repeat(250)), "topic");
        assertRefused(Map.of("topic_prefix", "a b."), "topic.prefix");
        assertRefused(Map.of("homeport_sink_name", " "), "homeport.sink.name");
        assertRefused(Map.of("client_id", "a b"), "client.id");
        assertRefused(Map.of("buffer_memory", -1L), "buffer.memory");
        assertRefused(Map.of("linger_ms", -5), "linger.ms");
        assertRefused(Map.of("delivery_timeout_ms", 5000, "request_timeout_ms", 10000), "delivery.timeout.ms");
        assertRefused(Map.of("max_request_size", 64 * 1024 * 1024, "buffer_memory", 2L * 1024 * 1024), "max.request.size");
        assertRefused(Map.of("max_block_ms", 0), "max.block.ms");
    }

    @Test
    void compressionIsCaseInsensitiveAmongTheNativeFreeOnes() {
        assertThat(Settings.from(config(Map.of("compression_type", " LZ4 "))).compression()).isEqualTo("lz4");
        assertThat(Settings.from(config(Map.of("compression_type", "gzip"))).compression()).isEqualTo("gzip");
    }

    private static void assertRefused(Map<String, Object> values, String key) {
        assertThatThrownBy(() -> Settings.from(config(values))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
    }
}
