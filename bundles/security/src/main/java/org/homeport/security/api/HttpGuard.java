package org.homeport.core.internal.metrics;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.homeport.security.api.AuthenticationException;
import org.homeport.security.api.Caller;
import org.homeport.security.api.HttpAuthenticator;
import org.homeport.security.api.Role;

/**
 * Lets a request through only for a caller with one of the roles; otherwise answers 401, 403 or
 * 429 as problem+json that names no credential and no reason beyond what the caller must do.
 */
final class Guard {
    private static final String PROBLEMS = "https://homeport.dev/problems/";

    private Guard() {
    }

    /** @return completes with the caller on the request's context when allowed; never when refused */
    static CompletionStage<Caller> require(HttpServerRequest request, HttpAuthenticator authenticator, Role... roles) {
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
                    problem(request, 429, "too-many-attempts", "Too many failed attempts",
                            "this source failed to authenticate too often; wait and try again");
                } else {
                    request.response().putHeader("WWW-Authenticate", "Bearer realm=\"homeport\", Basic realm=\"homeport\"");
                    problem(request, 401, "unauthorized", "Unauthorized",
                            "a valid bearer token or user name and password is required");
                }
            } else if (!result.result().hasAnyRole(roles)) {
                problem(request, 403, "forbidden", "Forbidden", "this needs the role "
                        + Arrays.stream(roles).map(Role::id).collect(Collectors.joining(" or ")));
            } else {
                allowed.complete(result.result());
            }
        });
        return allowed;
    }

    private static void problem(HttpServerRequest request, int status, String type, String title, String detail) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end("{\"type\":\"" + PROBLEMS + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }
}
