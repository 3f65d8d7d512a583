package org.homeport.security.internal;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.homeport.security.api.Caller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer-token validation against one OIDC issuer (a Keycloak realm), active only when
 * {@code etc/org.homeport.security.oidc.cfg} names the issuer; the feature
 * {@code homeport-security-keycloak} installs that file.
 */
@Component(service = OidcBearerValidator.class, configurationPid = OidcBearerValidator.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OidcBearerValidator.Config.class)
public class OidcBearerValidator {
    public static final String PID = "org.homeport.security.oidc";
    private static final Logger LOG = LoggerFactory.getLogger(OidcBearerValidator.class);

    @ObjectClassDefinition(name = "Homeport OIDC (Keycloak)",
            description = "Validates bearer tokens of one OIDC issuer locally against its published keys")
    public @interface Config {
        @AttributeDefinition(name = "Issuer", description = "The issuer URL exactly as in tokens, e.g. http://127.0.0.1:8080/realms/homeport")
        String issuer();

        @AttributeDefinition(name = "Audience", description = "Tokens must name this in 'aud'")
        String audience() default "homeport";

        @AttributeDefinition(name = "JWKS URL", description = "Where the issuer publishes its keys; empty: <issuer>/protocol/openid-connect/certs")
        String jwks_url() default "";

        @AttributeDefinition(name = "Clock skew (seconds)", description = "Tolerance for exp and nbf")
        int clock_skew_seconds() default 30;

        @AttributeDefinition(name = "Tenant claim", description = "Claim that binds a service token to a tenant")
        String tenant_claim() default "homeport_tenant";

        @AttributeDefinition(name = "Key refresh interval (seconds)",
                description = "At most one fetch of the issuer's keys per interval when a token names an unknown key")
        int key_refresh_min_seconds() default 10;
    }

    private final JwksKeySource keys;
    private final OidcTokenValidator validator;

    @Activate
    public OidcBearerValidator(@Reference Vertx vertx, Config config) {
        String issuer = trimTrailingSlash(config.issuer());
        String jwksUrl = config.jwks_url().isBlank() ? issuer + "/protocol/openid-connect/certs" : config.jwks_url();
        this.keys = new JwksKeySource(vertx, jwksUrl, Duration.ofSeconds(Math.max(1, config.key_refresh_min_seconds())),
                Clock.systemUTC());
        this.validator = new OidcTokenValidator(issuer, config.audience(), Duration.ofSeconds(config.clock_skew_seconds()),
                config.tenant_claim(), keys, Clock.systemUTC());
        keys.refresh();
        LOG.info("Bearer tokens of issuer {} (audience {}) are accepted", issuer, config.audience());
    }

    private static String trimTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    CompletionStage<Caller> validate(String token) {
        return validator.validate(token);
    }

    @Deactivate
    void deactivate() {
        keys.close();
    }
}
