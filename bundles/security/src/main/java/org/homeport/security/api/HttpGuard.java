package org.homeport.security.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.homeport.api.util.http.ProblemJson;

/**
 * Lets a request through only for a caller with one of the roles; otherwise answers 401, 403 or
 * 429 as problem+json that names no credential and no reason beyond what the caller must do. Every
 * Homeport HTTP surface for people uses it, so refusals look the same everywhere.
 *
 * @since 1.1
 */
public final class HttpGuard {
    /** Where problem types live; a problem's {@code type} is this plus a stable slug ({@link ProblemJson#TYPE_PREFIX}). */
    public static final String PROBLEM_TYPES = ProblemJson.TYPE_PREFIX;

    private HttpGuard() {
    }

    /**
     * Must be called on the request's event loop.
     *
     * @return completes with the caller on the request's context when allowed; never when refused
     */
    public static CompletionStage<Caller> require(HttpServerRequest request, HttpAuthenticator authenticator,
            Role... roles) {
        Context context = Vertx.currentContext();
        CompletableFuture<Caller> allowed = new CompletableFuture<>();
        request.pause();
        CompletionStage<Caller> authenticated = authenticator.authenticate(request.getHeader("Authorization"),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        Future.fromCompletionStage(authenticated, context).onComplete(result -> {
            request.resume();
            if (result.failed()) {
                Throwable cause = result.cause() instanceof CompletionException wrapped ? wrapped.getCause() : result.cause();
                if (cause instanceof AuthenticationException problem && problem.isThrottled()) {
                    request.response().putHeader("Retry-After", "60");
                    problem(request.response(), 429, "too-many-attempts", "Too many failed attempts",
                            "this source failed to authenticate too often; wait and try again");
                } else {
                    request.response().putHeader("WWW-Authenticate", "Bearer realm=\"homeport\", Basic realm=\"homeport\"");
                    problem(request.response(), 401, "unauthorized", "Unauthorized",
                            "a valid bearer token or user name and password is required");
                }
            } else if (!result.result().hasAnyRole(roles)) {
                problem(request.response(), 403, "forbidden", "Forbidden", "this needs the role "
                        + Arrays.stream(roles).map(Role::id).collect(Collectors.joining(" or ")));
            } else {
                allowed.complete(result.result());
            }
        });
        return allowed;
    }

    /**
     * Ends the response with an RFC 9457 problem written by {@link ProblemJson}: {@code type} is
     * {@link #PROBLEM_TYPES} + {@code slug}.
     */
    public static void problem(HttpServerResponse response, int status, String slug, String title, String detail) {
        response.setStatusCode(status).putHeader("Content-Type", ProblemJson.MEDIA_TYPE)
                .end(ProblemJson.write(status, slug, title, detail));
    }
}
