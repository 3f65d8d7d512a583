package org.homeport.security.internal;

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
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys, fetched from its JWKS URL and cached. A token naming an unknown key
 * triggers one refresh (at most once per {@code minRefreshInterval}), which is how a key rotation
 * in Keycloak is picked up without a restart and without a call per request.
 */
final class JwksKeySource implements KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);

    private final HttpClient http;
    private final String jwksUrl;
    private final Duration minRefreshInterval;
    private final Clock clock;
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile Instant lastFetch = Instant.EPOCH;
    /** The fetch in flight, shared by every caller waiting for it. */
    private Future<Map<String, PublicKey>> fetching;

    JwksKeySource(Vertx vertx, String jwksUrl, Duration minRefreshInterval, Clock clock) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(30));
        this.jwksUrl = jwksUrl;
        this.minRefreshInterval = minRefreshInterval;
        this.clock = clock;
    }

    @Override
    public CompletionStage<PublicKey> key(String kid) {
        PublicKey known = keys.get(kid);
        if (known != null) {
            return Future.succeededFuture(known).toCompletionStage();
        }
        return refresh().map(fetched -> fetched.get(kid)).toCompletionStage();
    }

    /** Fetches the keys unless that happened too recently; callers then get what is cached. */
    synchronized Future<Map<String, PublicKey>> refresh() {
        if (fetching != null) {
            return fetching;
        }
        Instant now = clock.instant();
        if (now.isBefore(lastFetch.plus(minRefreshInterval))) {
            return Future.succeededFuture(keys);
        }
        lastFetch = now;
        Future<Map<String, PublicKey>> fetch = http.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setAbsoluteURI(jwksUrl).setTimeout(10_000))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture("JWKS answered HTTP " + response.statusCode()))
                .map(body -> JwksParser.signingKeys(body.toString()))
                .map(fetched -> {
                    keys = Map.copyOf(fetched);
                    LOG.info("Loaded {} signing key(s) from {}", fetched.size(), jwksUrl);
                    return keys;
                })
                .recover(failure -> {
                    LOG.warn("Cannot load signing keys from {}: {}", jwksUrl, failure.getMessage());
                    return Future.succeededFuture(keys);
                })
                .andThen(done -> {
                    synchronized (this) {
                        fetching = null;
                    }
                });
        fetching = fetch;
        return fetch;
    }

    void close() {
        http.close();
    }
}
