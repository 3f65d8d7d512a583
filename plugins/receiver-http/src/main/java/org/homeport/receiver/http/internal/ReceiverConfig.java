package org.homeport.receiver.http.internal;

/**
 * The receiver's settings, validated; built from the metatype {@link HttpReceiver.Config} or
 * directly in tests.
 *
 * @param host                  interface to bind
 * @param port                  port to bind; {@code 0} picks a free one
 * @param maxBodyBytes          most bytes accepted on the wire per request
 * @param maxDecompressedBytes  most bytes a gzip body may inflate to
 * @param maxDepth              deepest JSON nesting within one event, the event object being 1
 * @param maxEvents             most events per request
 * @param maxStringLength       longest JSON string, field name or number, in characters
 * @param idleTimeoutSeconds    a connection that neither reads nor writes this long is closed
 * @param maxValuesPerEvent     most JSON values (objects, arrays and scalars, the event object
 *                              included) in one event
 * @param maxValuesPerRequest   most JSON values in one request
 * @param maxConnections        most connections open at once; more are closed as they arrive
 * @param maxValuesInFlight     most JSON values all requests together hold while they are parsed
 * @param requestTimeoutSeconds a request (head and body) must arrive whole this long after its first byte
 */
record ReceiverConfig(
        String host,
        int port,
        long maxBodyBytes,
        long maxDecompressedBytes,
        int maxDepth,
        int maxEvents,
        int maxStringLength,
        int idleTimeoutSeconds,
        int maxValuesPerEvent,
        int maxValuesPerRequest,
        int maxConnections,
        long maxValuesInFlight,
        int requestTimeoutSeconds) {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8480;
    static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;
    static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 8_388_608;
    static final int DEFAULT_MAX_DEPTH = 16;
    static final int DEFAULT_MAX_EVENTS = 1000;
    static final int DEFAULT_MAX_STRING_LENGTH = 65_536;
    static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
    static final int DEFAULT_MAX_VALUES_PER_EVENT = 10_000;
    static final int DEFAULT_MAX_VALUES_PER_REQUEST = 100_000;
    static final int DEFAULT_MAX_CONNECTIONS = 1000;
    static final long DEFAULT_MAX_VALUES_IN_FLIGHT = 1_000_000;
    static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;

    ReceiverConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
        requirePositive(maxBodyBytes, "max.body.bytes");
        requirePositive(maxDecompressedBytes, "max.decompressed.bytes");
        requirePositive(maxDepth, "max.depth");
        requirePositive(maxEvents, "max.events");
        requirePositive(maxStringLength, "max.string.length");
        requirePositive(idleTimeoutSeconds, "idle.timeout.seconds");
        requirePositive(maxValuesPerEvent, "max.values.per.event");
        requirePositive(maxValuesPerRequest, "max.values.per.request");
        requirePositive(maxConnections, "max.connections");
        requirePositive(maxValuesInFlight, "max.values.in.flight");
        requirePositive(requestTimeoutSeconds, "request.timeout.seconds");
    }

    /** The limits before values and connections were counted and requests timed; those get their defaults. */
    ReceiverConfig(String host, int port, long maxBodyBytes, long maxDecompressedBytes, int maxDepth, int maxEvents,
            int maxStringLength, int idleTimeoutSeconds) {
        this(host, port, maxBodyBytes, maxDecompressedBytes, maxDepth, maxEvents, maxStringLength, idleTimeoutSeconds,
                DEFAULT_MAX_VALUES_PER_EVENT, DEFAULT_MAX_VALUES_PER_REQUEST, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_VALUES_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT_SECONDS);
    }

    static ReceiverConfig defaults() {
        return new ReceiverConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES,
                DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_EVENTS,
                DEFAULT_MAX_STRING_LENGTH, DEFAULT_IDLE_TIMEOUT_SECONDS);
    }

    static ReceiverConfig from(HttpReceiver.Config config) {
        return new ReceiverConfig(config.host(), config.port(), config.max_body_bytes(),
                config.max_decompressed_bytes(), config.max_depth(), config.max_events(),
                config.max_string_length(), config.idle_timeout_seconds(), config.max_values_per_event(),
                config.max_values_per_request(), config.max_connections(), config.max_values_in_flight(),
                config.request_timeout_seconds());
    }

    ReceiverConfig withHostAndPort(String newHost, int newPort) {
        return new ReceiverConfig(newHost, newPort, maxBodyBytes, maxDecompressedBytes, maxDepth,
                maxEvents, maxStringLength, idleTimeoutSeconds, maxValuesPerEvent, maxValuesPerRequest, maxConnections,
                maxValuesInFlight, requestTimeoutSeconds);
    }

    ReceiverConfig withValues(int perEvent, int perRequest) {
        return new ReceiverConfig(host, port, maxBodyBytes, maxDecompressedBytes, maxDepth,
                maxEvents, maxStringLength, idleTimeoutSeconds, perEvent, perRequest, maxConnections,
                maxValuesInFlight, requestTimeoutSeconds);
    }

    ReceiverConfig withConnections(int newIdleTimeoutSeconds, int newMaxConnections) {
        return new ReceiverConfig(host, port, maxBodyBytes, maxDecompressedBytes, maxDepth,
                maxEvents, maxStringLength, newIdleTimeoutSeconds, maxValuesPerEvent, maxValuesPerRequest,
                newMaxConnections, maxValuesInFlight, requestTimeoutSeconds);
    }

    ReceiverConfig withValuesInFlight(long newMaxValuesInFlight) {
        return new ReceiverConfig(host, port, maxBodyBytes, maxDecompressedBytes, maxDepth,
                maxEvents, maxStringLength, idleTimeoutSeconds, maxValuesPerEvent, maxValuesPerRequest, maxConnections,
                newMaxValuesInFlight, requestTimeoutSeconds);
    }

    ReceiverConfig withRequestTimeout(int newRequestTimeoutSeconds) {
        return new ReceiverConfig(host, port, maxBodyBytes, maxDecompressedBytes, maxDepth,
                maxEvents, maxStringLength, idleTimeoutSeconds, maxValuesPerEvent, maxValuesPerRequest, maxConnections,
                maxValuesInFlight, newRequestTimeoutSeconds);
    }

    private static void requirePositive(long value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive");
        }
    }
}
