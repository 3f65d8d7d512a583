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
import org.homeport.security.api.BearerTokenValidator;
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
 * validator when one is configured, Basic credentials through Karaf JAAS, and a throttle on
 * failures per source and per (source, user) ({@link FailureThrottle} says who waits when). Failures
 * are counted by reason and logged without the credential or the user name.
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

        @AttributeDefinition(name = "Password failures per user and source",
                description = "Wrong passwords one user name may get from one source per window; then that user is "
                        + "refused from that source, unchecked, until the window ends (other users and sources are not)")
        int throttle_max_failures() default 10;

        @AttributeDefinition(name = "Failures per source",
                description = "Failed attempts of any kind one source (IPv4 address, IPv6 /64) may make per window; past it, "
                        + "users that failed from it are refused unchecked and failing keys and tokens get 429. "
                        + "Valid credentials still pass")
        int throttle_source_max_failures() default 50;

        @AttributeDefinition(name = "Throttle window (seconds)", description = "How long failures are remembered and a throttled source waits")
        int throttle_window_seconds() default 60;

        @AttributeDefinition(name = "Throttle table size",
                description = "Sources, and (source, user) pairs, remembered at most each; the least recently seen go first")
        int throttle_max_entries() default 20_000;
    }

    private final Vertx vertx;
    private final JaasPasswordCheck jaas;
    private final FailureThrottle throttle;
    private final Duration throttleWindow;
    private final MeterRegistry registry;
    /** Counters by (method, outcome); looked up on every request, so without building a string. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private volatile BearerTokenValidator bearerTokens;

    @Activate
    public HttpAuthenticatorService(@Reference Vertx vertx, @Reference MeterRegistry registry, Config config) {
        this.vertx = vertx;
        this.registry = registry;
        this.jaas = new JaasPasswordCheck(config.jaas_realm());
        this.throttleWindow = Duration.ofSeconds(Math.max(1, config.throttle_window_seconds()));
        this.throttle = new FailureThrottle(Math.max(1, config.throttle_max_failures()),
                Math.max(1, config.throttle_source_max_failures()), throttleWindow, Math.max(100, config.throttle_max_entries()),
                Clock.systemUTC());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindBearerTokens(BearerTokenValidator validator) {
        this.bearerTokens = validator;
    }

    void unbindBearerTokens(BearerTokenValidator validator) {
        if (this.bearerTokens == validator) {
            this.bearerTokens = null;
        }
    }

    /** How long a throttled source is told to wait. */
    public Duration throttleWindow() {
        return throttleWindow;
    }

    @Override
    public CompletionStage<Caller> authenticate(String authorization, String source) {
        if (authorization == null || authorization.isBlank()) {
            return fail("none", source, new AuthenticationException("missing", "credentials are required"));
        }
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String credentials = space < 0 ? "" : authorization.substring(space + 1).trim();
        if ("Bearer".equalsIgnoreCase(scheme)) {
            return unguessable("oidc", source, verifyBearer(credentials));
        }
        if ("Basic".equalsIgnoreCase(scheme)) {
            return basic(credentials, source);
        }
        return unguessable("none", source, CompletableFuture.failedFuture(new AuthenticationException("unsupported-scheme",
                "use Bearer or Basic authentication")));
    }

    @Override
    public CompletionStage<Caller> verifyBearer(String token) {
        BearerTokenValidator validator = bearerTokens;
        return validator == null
                ? CompletableFuture.failedFuture(new AuthenticationException("unsupported-scheme",
                        "bearer tokens are not configured on this node"))
                : validator.validate(token);
    }

    /**
     * A credential nobody can guess: always checked, even from a throttled source, so an attacker
     * cannot lock out the token holders of its address; a failure counts toward the source and is
     * answered as throttled once the source is over its limit.
     */
    private CompletionStage<Caller> unguessable(String method, String source, CompletionStage<Caller> check) {
        return check.handle((caller, failure) -> {
            if (failure == null) {
                count(method, "success");
                return CompletableFuture.completedFuture(caller);
            }
            AuthenticationException problem = problem(failure);
            count(method, problem.reason());
            logFailure(source, method, problem.reason());
            if (throttle.failed(source)) {
                return CompletableFuture.<Caller>failedFuture(throttled());
            }
            return CompletableFuture.<Caller>failedFuture(problem);
        }).thenCompose(stage -> stage);
    }

    /**
     * A password: counted as a failure before it is checked (so parallel guesses cannot all pass
     * the throttle first), refunded if it is right; refused unchecked for a user who failed too
     * often from this source.
     */
    private CompletionStage<Caller> basic(String encoded, String source) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return unguessable("jaas", source, CompletableFuture.failedFuture(
                    new AuthenticationException("malformed", "the Basic credentials are not base64")));
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return unguessable("jaas", source, CompletableFuture.failedFuture(
                    new AuthenticationException("malformed", "the Basic credentials are not user:password")));
        }
        String user = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        FailureThrottle.Attempt attempt = throttle.begin(source, user);
        if (attempt == null) {
            count("jaas", "throttled");
            return CompletableFuture.failedFuture(throttled());
        }
        // JAAS login modules block (file or LDAP lookups): keep them off the event loop.
        return vertx.executeBlocking(() -> jaas.check(user, password), false).toCompletionStage()
                .handle((caller, failure) -> {
                    if (failure == null) {
                        attempt.succeeded();
                        count("jaas", "success");
                        return CompletableFuture.completedFuture(caller);
                    }
                    attempt.failed();
                    AuthenticationException problem = problem(failure);
                    count("jaas", problem.reason());
                    logFailure(source, "jaas", problem.reason());
                    return CompletableFuture.<Caller>failedFuture(problem);
                }).thenCompose(stage -> stage);
    }

    @Override
    public boolean isThrottled(String source) {
        return throttle.isThrottled(source);
    }

    /**
     * The one place outcomes of credentials other surfaces check (device keys and tokens, which
     * cannot be guessed) are counted and fed to the throttle. Missing credentials (a client's first
     * try) and refusals of an already throttled source do not count; a success clears nothing.
     */
    @Override
    public void record(String source, String method, String outcome) {
        count(method, outcome);
        switch (outcome) {
            case "success", "missing", "throttled" -> { }
            default -> {
                throttle.failed(source);
                logFailure(source, method, outcome);
            }
        }
    }

    private static AuthenticationException problem(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof AuthenticationException known
                ? known : new AuthenticationException("error", "authentication failed");
    }

    private static AuthenticationException throttled() {
        return new AuthenticationException("throttled", "too many failed attempts; wait and try again");
    }

    private static void logFailure(String source, String method, String outcome) {
        LOG.info("Authentication failed from {} ({}): {}", source == null ? "an unknown source" : source, method, outcome);
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
