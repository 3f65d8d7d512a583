package org.homeport.sink.kafka.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The validated settings of one Kafka sink. Every value an administrator can set is checked here, so a bad
 * configuration fails the component's activation with a message naming the key, never later in a send.
 */
record Settings(String name, List<String> bootstrapServers, Topics topics, String compression, String clientId,
        long bufferMemory, int maxRequestSize, int batchSize, int lingerMs, int requestTimeoutMs, int deliveryTimeoutMs,
        int maxBlockMs, int healthIntervalSeconds) {

    static final List<String> COMPRESSIONS = List.of("none", "gzip", "lz4");

    Settings {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("homeport.sink.name must be letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException("compression.type must be one of " + COMPRESSIONS + " (zstd and snappy need "
                    + "native libraries this bundle does not carry), was '" + compression + "'");
        }
        if (clientId.isBlank() || !clientId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("client.id must be letters, digits, '.', '_' or '-', was '" + clientId + "'");
        }
        range("buffer.memory", bufferMemory, 1L << 20, 1L << 30);
        range("max.request.size", maxRequestSize, 1024, 64L << 20);
        range("batch.size", batchSize, 0, 16L << 20);
        range("linger.ms", lingerMs, 0, 10_000);
        range("request.timeout.ms", requestTimeoutMs, 1000, 120_000);
        range("delivery.timeout.ms", deliveryTimeoutMs, 1000, 300_000);
        range("max.block.ms", maxBlockMs, 100, 60_000);
        range("health.interval.seconds", healthIntervalSeconds, 1, 3600);
        if ((long) deliveryTimeoutMs < (long) lingerMs + requestTimeoutMs) {
            throw new IllegalArgumentException("delivery.timeout.ms (" + deliveryTimeoutMs
                    + ") must be at least linger.ms + request.timeout.ms (" + (lingerMs + requestTimeoutMs) + ")");
        }
        if (maxRequestSize > bufferMemory) {
            throw new IllegalArgumentException("max.request.size must not exceed buffer.memory");
        }
        bootstrapServers = List.copyOf(bootstrapServers);
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    /** Whether brokers are configured at all; without them the sink is down and every write fails temporarily. */
    boolean configured() {
        return !bootstrapServers.isEmpty();
    }

    static Settings from(KafkaSink.Config config) {
        String name = strip(config.homeport_sink_name());
        String clientId = strip(config.client_id()).isEmpty() ? "homeport-" + name : strip(config.client_id());
        return new Settings(name, servers(config.bootstrap_servers()), Topics.of(config.topic_prefix(), config.topic()),
                strip(config.compression_type()).toLowerCase(Locale.ROOT), clientId, config.buffer_memory(),
                config.max_request_size(), config.batch_size(), config.linger_ms(), config.request_timeout_ms(),
                config.delivery_timeout_ms(), config.max_block_ms(), config.health_interval_seconds());
    }

    /** host:port entries, comma-separated, several values allowed; anything else is refused with the value named. */
    static List<String> servers(String[] values) {
        List<String> servers = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String one : (value == null ? "" : value).split(",")) {
                String server = one.strip();
                if (server.isEmpty()) {
                    continue;
                }
                int colon = server.lastIndexOf(':');
                String host = colon < 0 ? "" : server.substring(0, colon);
                String port = colon < 0 ? "" : server.substring(colon + 1);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                if (host.isEmpty() || !host.matches("[A-Za-z0-9._:-]+") || !port.matches("[0-9]{1,5}")
                        || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                    throw new IllegalArgumentException("bootstrap.servers: expected host:port, was '" + server + "'");
                }
                servers.add(server);
            }
        }
        return servers;
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    /** The producer's configuration: idempotent, acks=all, bounded memory, timeouts within the journal's. */
    Properties producerProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", String.join(",", bootstrapServers));
        props.put("client.id", clientId);
        props.put("enable.idempotence", "true");
        props.put("acks", "all");
        props.put("max.in.flight.requests.per.connection", "5");
        props.put("retries", String.valueOf(Integer.MAX_VALUE));
        props.put("compression.type", compression);
        props.put("buffer.memory", String.valueOf(bufferMemory));
        props.put("max.request.size", String.valueOf(maxRequestSize));
        props.put("batch.size", String.valueOf(batchSize));
        props.put("linger.ms", String.valueOf(lingerMs));
        props.put("request.timeout.ms", String.valueOf(requestTimeoutMs));
        props.put("delivery.timeout.ms", String.valueOf(deliveryTimeoutMs));
        props.put("max.block.ms", String.valueOf(maxBlockMs));
        return props;
    }

    /** The health probe's admin client: the same brokers, its own client id, answers within request.timeout.ms. */
    Properties adminProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", String.join(",", bootstrapServers));
        props.put("client.id", clientId + "-health");
        props.put("request.timeout.ms", String.valueOf(requestTimeoutMs));
        props.put("default.api.timeout.ms", String.valueOf(requestTimeoutMs));
        // One attempt per probe: the next probe is the retry.
        props.put("retries", "0");
        return props;
    }

    @Override
    public String toString() {
        return "bootstrap.servers=" + bootstrapServers + ", " + topics + ", compression.type=" + compression
                + ", delivery.timeout.ms=" + deliveryTimeoutMs;
    }
}
