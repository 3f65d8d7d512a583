package org.homeport.receiver.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.homeport.api.auth.DeviceAuthenticator;
import org.homeport.api.auth.DeviceNotPermittedException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.intake.Intake;
import org.homeport.security.api.HttpAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request and checks everything that can be checked from its head alone (path, method,
 * credential, media type, encoding, declared length) before a byte of the body is read; then
 * hands it to an {@link EventsRequest}.
 */
final class EventsHandler implements Handler<HttpServerRequest> {
    static final String PATH = "/v1/events";
    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);
    private static final String BEARER = "bearer ";
    private static final String API_KEY_HEADER = "X-Api-Key";
    private static final String UNAUTHORIZED_DETAIL = "a valid API key or access token is required";

    private final ReceiverConfig config;
    private final Intake intake;
    private final DeviceAuthenticator authenticator;
    /** The shared authentication layer: throttles sources that fail too often and counts every attempt. */
    private final HttpAuthenticator security;
    private final JsonFactory json;
    private final EventMapper mapper;
    private final Responder responder;
    private final ReceiverMetrics metrics;
    /** Shared by every request of this receiver. */
    private final InFlightValues inFlight;

    EventsHandler(ReceiverConfig config, Intake intake, DeviceAuthenticator authenticator, HttpAuthenticator security,
            JsonFactory json, EventMapper mapper, Responder responder, ReceiverMetrics metrics, InFlightValues inFlight) {
        this.config = config;
        this.intake = intake;
        this.authenticator = authenticator;
        this.security = security;
        this.json = json;
        this.mapper = mapper;
        this.responder = responder;
        this.metrics = metrics;
        this.inFlight = inFlight;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (!PATH.equals(request.path())) {
            responder.problem(request, Problem.NOT_FOUND, "there is nothing at this path; events go to " + PATH);
            return;
        }
        if (request.method() != HttpMethod.POST) {
            responder.problem(request, Problem.METHOD_NOT_ALLOWED, PATH + " accepts POST only",
                    Map.of(HttpHeaders.ALLOW.toString(), "POST"));
            return;
        }
        String source = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String bearer = bearerToken(request);
        if (bearer != null && looksLikeJwt(bearer)) {
            // An OAuth2 access token: validated off this thread by the security layer; hold the body meanwhile.
            request.pause();
            Context context = Vertx.currentContext();
            CompletionStage<Optional<DevicePrincipal>> token;
            try {
                token = authenticator.authenticateToken(bearer);
            } catch (RuntimeException e) {
                request.resume();
                internalError(request, e);
                return;
            }
            Future.fromCompletionStage(token, context).onComplete(result -> {
                request.resume();
                Throwable cause = result.failed() && result.cause() instanceof CompletionException wrapped
                        ? wrapped.getCause() : result.cause();
                if (cause instanceof DeviceNotPermittedException notPermitted) {
                    security.record(source, "token", "not-permitted");
                    responder.problem(request, Problem.FORBIDDEN, notPermitted.getMessage());
                } else if (result.failed()) {
                    internalError(request, result.cause());
                } else {
                    proceed(request, result.result(), source, "token", true);
                }
            });
            return;
        }
        Optional<DevicePrincipal> principal;
        try {
            principal = authenticateApiKey(request, bearer);
        } catch (RuntimeException e) {
            internalError(request, e);
            return;
        }
        boolean presented = bearer != null || request.getHeader(API_KEY_HEADER) != null;
        proceed(request, principal, source, "apikey", presented);
    }

    private void internalError(HttpServerRequest request, Throwable e) {
        LOG.warn("Device authentication failed: {}: {}", e.getClass().getName(), e.getMessage());
        responder.problem(request, Problem.INTERNAL_ERROR, "the request could not be processed");
    }

    /** Everything after authentication that the head of the request can tell. */
    private void proceed(HttpServerRequest request, Optional<DevicePrincipal> principal, String source, String method,
            boolean presented) {
        security.record(source, presented ? method : "none",
                principal.isPresent() ? "success" : presented ? "bad-credentials" : "missing");
        // A valid credential passes even from a throttled source; only failing ones are told to wait.
        if (principal.isEmpty() && presented && security.isThrottled(source)) {
            responder.problem(request, Problem.TOO_MANY_ATTEMPTS,
                    "this source failed to authenticate too often; wait and try again", Map.of("Retry-After", "60"));
            return;
        }
        if (principal.isEmpty()) {
            responder.problem(request, Problem.UNAUTHORIZED, UNAUTHORIZED_DETAIL,
                    Map.of("WWW-Authenticate", "ApiKey, Bearer realm=\"homeport\""));
            return;
        }
        String mediaTypeError = checkMediaType(request.getHeader(HttpHeaders.CONTENT_TYPE));
        if (mediaTypeError != null) {
            responder.problem(request, Problem.UNSUPPORTED_MEDIA_TYPE, mediaTypeError);
            return;
        }
        Encoding encoding = Encoding.of(request.getHeader(HttpHeaders.CONTENT_ENCODING));
        if (encoding == Encoding.UNSUPPORTED) {
            responder.problem(request, Problem.UNSUPPORTED_ENCODING,
                    "Content-Encoding must be absent, identity or gzip");
            return;
        }
        if (declaredLength(request) > config.maxBodyBytes()) {
            responder.problem(request, Problem.BODY_TOO_LARGE,
                    "the body is larger than " + config.maxBodyBytes() + " bytes");
            return;
        }
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            // only now: a refused sender must not be invited to send its body
            request.response().writeContinue();
        }
        new EventsRequest(request, principal.get(), encoding == Encoding.GZIP, config, intake, json, mapper, responder, metrics,
                inFlight).start();
    }

    private static String bearerToken(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }

    /** A JWT has three dot-separated parts; Homeport's API keys have no dots. */
    private static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }

    /** The key itself is never logged nor kept beyond this call. */
    private Optional<DevicePrincipal> authenticateApiKey(HttpServerRequest request, String bearer) {
        String key = request.getHeader(API_KEY_HEADER);
        if (key == null) {
            key = bearer;
        }
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return authenticator.authenticateApiKey(key.trim());
    }

    /** @return why the media type is refused, or {@code null} if it is fine */
    static String checkMediaType(String contentType) {
        String expected = "Content-Type must be application/json or application/x-ndjson";
        if (contentType == null) {
            return expected;
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.equals("application/x-ndjson")) {
            return expected;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    return "JSON must be encoded as UTF-8";
                }
            }
        }
        return null;
    }

    /** The content codings we decode ourselves; Vert.x's own decompression stays off. */
    enum Encoding {
        IDENTITY, GZIP, UNSUPPORTED;

        static Encoding of(String contentEncoding) {
            String encoding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
            return switch (encoding) {
                case "", "identity" -> IDENTITY;
                case "gzip", "x-gzip" -> GZIP;
                default -> UNSUPPORTED;
            };
        }
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x's codec refuses a broken length before we get here
        }
    }
}
