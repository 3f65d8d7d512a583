package org.homeport.security.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;
import org.homeport.security.api.HttpAuthenticator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one authentication layer of every Homeport HTTP surface: bearer tokens through the OIDC
 * validator when one is configured, Basic credentials through Karaf JAAS, and a per-source
 * throttle on failures. Failures are counted by reason and logged without the credential.
 */
@Component(service = HttpAuthenticator.class, configurationPid = HttpAuthenticatorService.PID)
@Designate(ocd = HttpAuthenticatorService.Config.class)
public class HttpAuthenticatorService implements HttpAuthenticator {
    public static final String PID = "org.homeport.security";
    private static final Logger LOG = LoggerFactory.getLogger(HttpAuthenticatorService.class);

    @ObjectClassDefinition(name = "Homeport authentication", description = "How people and services authenticate over HTTP")
    public @interface Config {
        @AttributeDefinition(name = "JAAS realm", description = "Karaf JAAS realm for user name and password (Basic)")
        String jaas_realm() default "karaf";

        @AttributeDefinition(name = "Failures before throttling", description = "Failed attempts one source may make per window")
        int throttle_max_failures() default 10;

        @AttributeDefinition(name = "Throttle window (seconds)", description = "How long failures are remembered and a throttled source waits")
        int throttle_window_seconds() default 60;
    }

    private final Vertx vertx;
    private final JaasPasswordCheck jaas;
    private final FailureThrottle throttle;
    private final Duration throttleWindow;
    private final MeterRegistry registry;
    /** Counters by (method, outcome); looked up on every request, so without building a string. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private volatile OidcBearerValidator oidc;

    @Activate
    public HttpAuthenticatorService(@Reference Vertx vertx, @Reference MeterRegistry registry, Config config) {
        this.vertx = vertx;
        this.registry = registry;
        this.jaas = new JaasPasswordCheck(config.jaas_realm());
        this.throttleWindow = Duration.ofSeconds(Math.max(1, config.throttle_window_seconds()));
        this.throttle = new FailureThrottle(Math.max(1, config.throttle_max_failures()), throttleWindow, 100_000,
                Clock.systemUTC());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOidc(OidcBearerValidator validator) {
        this.oidc = validator;
    }

    void unbindOidc(OidcBearerValidator validator) {
        if (this.oidc == validator) {
            this.oidc = null;
        }
    }

    /** How long a throttled source is told to wait. */
    public Duration throttleWindow() {
        return throttleWindow;
    }

    @Override
    public CompletionStage<Caller> authenticate(String authorization, String source) {
        String from = source == null ? "unknown" : source;
        if (throttle.isThrottled(from)) {
            return fail("none", from, new AuthenticationException("throttled", "too many failed attempts; wait and try again"));
        }
        if (authorization == null || authorization.isBlank()) {
            return fail("none", from, new AuthenticationException("missing", "credentials are required"));
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String credentials = space < 0 ? "" : authorization.substring(space + 1).trim();
        CompletionStage<Caller> result;
        String method;
        if ("Bearer".equalsIgnoreCase(scheme)) {
            method = "oidc";
            OidcBearerValidator validator = oidc;
            result = validator == null
                    ? CompletableFuture.failedFuture(new AuthenticationException("unsupported-scheme",
                            "bearer tokens are not configured on this node"))
                    : validator.validate(credentials);
        } else if ("Basic".equalsIgnoreCase(scheme)) {
            method = "jaas";
            result = basic(credentials);
        } else {
            method = "none";
            result = CompletableFuture.failedFuture(new AuthenticationException("unsupported-scheme",
                    "use Bearer or Basic authentication"));
        }
        return result.handle((caller, failure) -> {
            if (failure == null) {
                record(from, method, "success");
                return CompletableFuture.completedFuture(caller);
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            AuthenticationException problem = cause instanceof AuthenticationException known
                    ? known : new AuthenticationException("error", "authentication failed");
            return fail(method, from, problem);
        }).thenCompose(stage -> stage);
    }

    @Override
    public boolean isThrottled(String source) {
        return throttle.isThrottled(source == null ? "unknown" : source);
    }

    /**
     * The one place outcomes are counted and fed to the throttle, for this layer's own checks and
     * for credentials other surfaces check. Missing credentials (a client's first try) and refusals
     * of an already throttled source do not count toward throttling.
     */
    @Override
    public void record(String source, String method, String outcome) {
        String from = source == null ? "unknown" : source;
        count(method, outcome);
        switch (outcome) {
            case "success" -> throttle.succeeded(from);
            case "missing" -> { }
            default -> {
                if (!"throttled".equals(outcome)) {
                    throttle.failed(from);
                }
                LOG.info("Authentication failed from {} ({}): {}", from, method, outcome);
            }
        }
    }

    private CompletionStage<Caller> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new AuthenticationException("malformed", "the Basic credentials are not base64"));
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return CompletableFuture.failedFuture(new AuthenticationException("malformed", "the Basic credentials are not user:password"));
        }
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        // JAAS login modules block (file or LDAP lookups): keep them off the event loop.
        return vertx.executeBlocking(() -> jaas.check(user, password), false).toCompletionStage();
    }

    private CompletionStage<Caller> fail(String method, String source, AuthenticationException problem) {
        record(source, method, problem.reason());
        return CompletableFuture.failedFuture(problem);
    }

    private void count(String method, String outcome) {
        counters.computeIfAbsent(List.of(method, outcome), key -> Counter.builder("homeport.security.authentications")
                .description("HTTP authentication attempts by method and outcome (success or the failure reason)")
                .tag("method", method).tag("outcome", outcome)
                .register(registry)).increment();
    }
}
