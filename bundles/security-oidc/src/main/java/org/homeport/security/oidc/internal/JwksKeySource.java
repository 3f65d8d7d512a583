package org.homeport.security.oidc.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, fetched from its JWKS URL and cached. The keys are fetched again on a
 * schedule ({@code refreshInterval}, sooner when the answer's {@code Cache-Control: max-age} says so,
 * never more often than {@code minRefreshInterval}); each successful fetch replaces the whole set,
 * so a key the issuer no longer publishes (revoked after a compromise) stops validating within one
 * interval. A token naming an unknown key also triggers a fetch (at most once per
 * {@code minRefreshInterval}), which is how a rotation is picked up at once. When a fetch fails the
 * keys of the last successful one stay in use and the next try comes after
 * {@code minRefreshInterval}; {@link #lastSuccessfulFetch()} tells how old they are.
 */
final class JwksKeySource implements KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])(?:s-)?max-age\\s*=\\s*\"?(\\d{1,10})");
    private static final int MAX_JWKS_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final HttpClient http;
    private final String jwksUrl;
    private final Duration minRefreshInterval;
    private final Duration refreshInterval;
    private final Clock clock;
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile Instant lastSuccess;
    private volatile boolean lastFetchFailed;
    private Instant lastAttempt = Instant.EPOCH;
    /** The fetch in flight, shared by every caller waiting for it. */
    private Future<Map<String, PublicKey>> fetching;
    /** When the next scheduled fetch is due, as the last answer said. */
    private Duration nextDelay;
    private long timer = -1;
    private boolean closed;

    JwksKeySource(Vertx vertx, String jwksUrl, Duration minRefreshInterval, Duration refreshInterval, Clock clock) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(30));
        this.jwksUrl = jwksUrl;
        this.minRefreshInterval = minRefreshInterval;
        this.refreshInterval = refreshInterval.compareTo(minRefreshInterval) < 0 ? minRefreshInterval : refreshInterval;
        this.clock = clock;
        this.nextDelay = this.refreshInterval;
    }

    /** Fetches the keys now and then keeps them fresh on the schedule, until {@link #close()}. */
    void start() {
        fetch().onComplete(done -> schedule());
    }

    private synchronized void schedule() {
        if (closed) {
            return;
        }
        timer = vertx.setTimer(Math.max(1, nextDelay.toMillis()), id -> fetch().onComplete(done -> schedule()));
    }

    @Override
    public CompletionStage<PublicKey> key(String kid) {
        PublicKey known = keys.get(kid);
        if (known != null) {
            return Future.succeededFuture(known).toCompletionStage();
        }
        return refresh().map(fetched -> fetched.get(kid)).toCompletionStage();
    }

    /** Whether the latest fetch failed; the keys of the last successful one stay in use. */
    boolean lastFetchFailed() {
        return lastFetchFailed;
    }

    /** When the keys were last fetched successfully; empty if never (a health check can read it). */
    Optional<Instant> lastSuccessfulFetch() {
        return Optional.ofNullable(lastSuccess);
    }

    /** Fetches the keys unless that happened too recently; callers then get what is cached. */
    synchronized Future<Map<String, PublicKey>> refresh() {
        if (fetching == null && clock.instant().isBefore(lastAttempt.plus(minRefreshInterval))) {
            return Future.succeededFuture(keys);
        }
        return fetch();
    }

    private synchronized Future<Map<String, PublicKey>> fetch() {
        if (fetching != null) {
            return fetching;
        }
        if (closed) {
            return Future.succeededFuture(keys);
        }
        lastAttempt = clock.instant();
        Future<Map<String, PublicKey>> fetch = http.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setAbsoluteURI(jwksUrl).setTimeout(10_000))
                .compose(request -> request.send())
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture("JWKS answered HTTP " + response.statusCode());
                    }
                    String length = response.getHeader("Content-Length");
                    if (length != null && length.length() > 9) {
                        return Future.failedFuture("JWKS answer is too large");
                    }
                    Duration maxAge = maxAge(response.getHeader("Cache-Control"));
                    return response.body().map(body -> {
                        if (body.length() > MAX_JWKS_BYTES) {
                            throw new IllegalStateException("JWKS answer is too large");
                        }
                        Map<String, PublicKey> fetched = Map.copyOf(JwksParser.signingKeys(body.toString()));
                        boolean changed = !fetched.keySet().equals(keys.keySet());
                        synchronized (this) {
                            keys = fetched;
                            lastSuccess = clock.instant();
                            lastFetchFailed = false;
                            nextDelay = bounded(maxAge == null ? refreshInterval : maxAge);
                        }
                        // With Keycloak (no-cache) a fetch comes every minimum interval and mostly finds the same keys.
                        if (changed) {
                            LOG.info("Loaded {} signing key(s) from {}: {}", fetched.size(), jwksUrl, fetched.keySet());
                        } else {
                            LOG.debug("Signing keys from {} unchanged", jwksUrl);
                        }
                        return fetched;
                    });
                })
                .recover(failure -> {
                    LOG.warn("Cannot load signing keys from {}: {}; the keys of the last successful fetch stay in use",
                            jwksUrl, failure.getMessage());
                    synchronized (this) {
                        nextDelay = minRefreshInterval;
                        lastFetchFailed = true;
                    }
                    return Future.succeededFuture(keys);
                })
                .andThen(done -> {
                    synchronized (this) {
                        fetching = null;
                    }
                });
        fetching = fetch.isComplete() ? null : fetch; // a fetch that failed at once has already cleared it
        return fetch;
    }

    private Duration bounded(Duration wanted) {
        if (wanted.compareTo(minRefreshInterval) < 0) {
            return minRefreshInterval;
        }
        return wanted.compareTo(refreshInterval) > 0 ? refreshInterval : wanted;
    }

    /**
     * {@code max-age} of a Cache-Control header; {@code no-cache}/{@code no-store} as zero (Keycloak
     * answers {@code no-cache}: its keys are then fetched every minimum interval, so a removed key
     * stops validating within it); else {@code null}.
     */
    static Duration maxAge(String cacheControl) {
        if (cacheControl == null) {
            return null;
        }
        String value = cacheControl.toLowerCase(Locale.ROOT);
        if (value.contains("no-cache") || value.contains("no-store")) {
            return Duration.ZERO;
        }
        Matcher matcher = MAX_AGE.matcher(value);
        return matcher.find() ? Duration.ofSeconds(Long.parseLong(matcher.group(1))) : null;
    }

    synchronized void close() {
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        http.close();
    }
}
