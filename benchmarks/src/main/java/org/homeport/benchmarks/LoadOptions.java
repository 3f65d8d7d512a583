package org.homeport.benchmarks;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** What one load run does: where it sends, how much, for how long. */
record LoadOptions(
        URI url,
        String apiKey,
        int batch,
        int concurrency,
        Duration duration,
        Duration warmup,
        boolean gzip,
        long maxRequests,
        boolean json,
        long rate,
        Path bodyFile) {

    static final String DEFAULT_URL = "http://127.0.0.1:8480/v1/events";
    /** The demo device key the default distribution ships with. */
    static final String DEFAULT_API_KEY = "hp_demo_7Qm2xV9cLr4tWz8KpN3s";
    static final int DEFAULT_BATCH = 100;
    static final int DEFAULT_CONCURRENCY = 8;
    static final int DEFAULT_DURATION_SECONDS = 20;
    static final int DEFAULT_WARMUP_SECONDS = 5;
    /** A backstop so a run is bounded even if the clock logic were wrong; far above what 2 cores manage in 20 s. */
    static final long DEFAULT_MAX_REQUESTS = 5_000_000;

    static final String USAGE = """
            usage: java -jar homeport-benchmarks.jar [options]
              --url URL             where to POST event batches (default %s)
              --api-key KEY         sent as X-Api-Key (default: the demo key of the default distribution)
              --batch N             events per request (default %d)
              --concurrency N       requests in flight at once (default %d)
              --duration SECONDS    measured time (default %d)
              --warmup SECONDS      unrecorded time before measuring (default %d)
              --max-requests N      hard cap on requests sent, warm-up included (default %d)
              --gzip                send bodies with Content-Encoding: gzip
              --rate N              open loop: start N requests per second whatever the answers, latency
                                    measured from when each request was due (no coordinated omission);
                                    --concurrency then caps the connections (default 0: closed loop)
              --body-file FILE      send this file as every body (a JSON array of events; --batch is then
                                    its length) instead of generated events
              --json                print the result as one JSON line on stdout (progress goes to stderr)
              --help                print this and exit
            """.formatted(DEFAULT_URL, DEFAULT_BATCH, DEFAULT_CONCURRENCY, DEFAULT_DURATION_SECONDS,
            DEFAULT_WARMUP_SECONDS, DEFAULT_MAX_REQUESTS);

    private static final Set<String> VALUE_OPTIONS =
            Set.of("url", "api-key", "batch", "concurrency", "duration", "warmup", "max-requests", "rate",
                    "body-file");
    private static final Set<String> FLAGS = Set.of("gzip", "json");

    /** @throws IllegalArgumentException with a message fit for the user */
    static LoadOptions parse(String[] args) {
        CommandLine line = CommandLine.parse(args, VALUE_OPTIONS, FLAGS);
        return new LoadOptions(
                httpUrl(line.string("url", DEFAULT_URL)),
                line.string("api-key", DEFAULT_API_KEY),
                line.intNumber("batch", DEFAULT_BATCH, 1),
                line.intNumber("concurrency", DEFAULT_CONCURRENCY, 1),
                Duration.ofSeconds(line.number("duration", DEFAULT_DURATION_SECONDS, 1)),
                Duration.ofSeconds(line.number("warmup", DEFAULT_WARMUP_SECONDS, 0)),
                line.flag("gzip"),
                line.number("max-requests", DEFAULT_MAX_REQUESTS, 1),
                line.flag("json"),
                line.number("rate", 0, 0),
                bodyFile(line.string("body-file", null)));
    }

    /** Open loop (a fixed request rate) rather than closed loop (the next request when one returns). */
    boolean openLoop() {
        return rate > 0;
    }

    /** The same options with another events-per-request count (that of a body file). */
    LoadOptions withBatch(int newBatch) {
        return new LoadOptions(url, apiKey, newBatch, concurrency, duration, warmup, gzip, maxRequests, json, rate,
                bodyFile);
    }

    private static Path bodyFile(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.isBlank()) {
            throw new IllegalArgumentException("--body-file must name a file");
        }
        return Path.of(raw);
    }

    int port() {
        return url.getPort() == -1 ? 80 : url.getPort();
    }

    /** Path plus query, as it goes on the request line. */
    String requestUri() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    private static URI httpUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a URL: " + e.getMessage());
        }
        // Plain HTTP only: the benchmark measures Homeport, not a TLS handshake, and only ever runs locally.
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--url must be an http://host[:port]/path URL, got '" + raw + "'");
        }
        return uri;
    }
}
