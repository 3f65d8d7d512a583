package org.homeport.security.oidc.internal;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.homeport.security.api.BearerTokenValidator;
import org.homeport.security.api.Caller;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token validation against one OIDC issuer (a Keycloak realm): tokens are checked locally
 * against the issuer's published keys, which {@link JwksKeySource} keeps fresh. {@link OidcIssuer}
 * creates one once {@code etc/org.homeport.security.oidc.cfg} names the issuer.
 */
public class OidcBearerValidator implements BearerTokenValidator {
    public static final String PID = "org.homeport.security.oidc";
    private static final Logger LOG = LoggerFactory.getLogger(OidcBearerValidator.class);

    @ObjectClassDefinition(name = "Homeport OIDC (Keycloak)",
            description = "Validates bearer tokens of one OIDC issuer locally against its published keys")
    public @interface Config {
        @AttributeDefinition(name = "Issuer", description = "The issuer URL exactly as in tokens, e.g. https://keycloak.example.org/realms/homeport; "
                + "https, or http only to a loopback address. Empty: bearer tokens are refused and /health says to set it",
                required = false)
        String issuer() default "";
        @AttributeDefinition(name = "Audience", description = "Tokens must name this in 'aud'")
        String audience() default "homeport";

        @AttributeDefinition(name = "JWKS URL", description = "Where the issuer publishes its keys; empty: <issuer>/protocol/openid-connect/certs; https, "
                + "or http only to a loopback address")
        String jwks_url() default "";

        @AttributeDefinition(name = "Clock skew (seconds)", description = "Tolerance for exp and nbf")
        int clock_skew_seconds() default 30;

        @AttributeDefinition(name = "Tenant claim", description = "Claim that binds a service token to a tenant")
        String tenant_claim() default "homeport_tenant";

        @AttributeDefinition(name = "Least key refresh interval (seconds)",
                description = "At most one fetch of the issuer's keys per interval, whether a token names an unknown key, "
                        + "the issuer's Cache-Control asks for less, or a fetch failed and is retried")
        int key_refresh_min_seconds() default 10;

        @AttributeDefinition(name = "Key refresh interval (seconds)",
                description = "The issuer's keys are fetched again at least this often, so a key it no longer publishes "
                        + "stops validating tokens; a shorter Cache-Control max-age of its answer is honoured")
        int key_refresh_seconds() default 300;
    }

    private final JwksKeySource keys;
    private final OidcTokenValidator validator;

    /**
     * @throws IllegalArgumentException when the issuer or the JWKS URL is not https (or http on a
     *                                  loopback address): the component then stays inactive and
     *                                  bearer tokens are refused
     */
    public OidcBearerValidator(Vertx vertx, Config config) {
        String issuer = trimTrailingSlash(config.issuer());
        String jwksUrl = config.jwks_url().isBlank() ? issuer + "/protocol/openid-connect/certs" : config.jwks_url();
        requireSecure("issuer", issuer);
        requireSecure("jwks.url", jwksUrl);
        Duration least = Duration.ofSeconds(Math.max(1, config.key_refresh_min_seconds()));
        this.keys = new JwksKeySource(vertx, jwksUrl, least,
                Duration.ofSeconds(Math.max(least.toSeconds(), config.key_refresh_seconds())), Clock.systemUTC());
        this.validator = new OidcTokenValidator(issuer, config.audience(), Duration.ofSeconds(config.clock_skew_seconds()),
                config.tenant_claim(), keys, Clock.systemUTC());
        keys.start();
        LOG.info("Bearer tokens of issuer {} (audience {}) are accepted", issuer, config.audience());
    }

    /**
     * Keys fetched over plain HTTP can be replaced by anyone on the path, and with them every token
     * forged: only https, or http to this machine (a Keycloak beside the node, as in development).
     */
    static void requireSecure(String setting, String url) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        String host = uri == null || uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        if (!host.isEmpty() && (scheme.equals("https") || (scheme.equals("http") && loopback))) {
            return;
        }
        String message = "OIDC " + setting + " '" + url + "' must be an https URL (plain http only to a loopback address); "
                + "bearer tokens are refused until " + PID + " is fixed";
        LOG.error(message);
        throw new IllegalArgumentException(message);
    }

    /** When the issuer's keys were last fetched successfully; empty if never (for a health check). */
    public java.util.Optional<java.time.Instant> lastKeyFetch() {
        return keys.lastSuccessfulFetch();
    }

    /** Whether the latest fetch of the issuer's keys failed (the keys of the last successful one stay in use). */
    boolean lastKeyFetchFailed() {
        return keys.lastFetchFailed();
    }

    private static String trimTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public CompletionStage<Caller> validate(String token) {
        return validator.validate(token);
    }

    void deactivate() {
        keys.close();
    }
}
