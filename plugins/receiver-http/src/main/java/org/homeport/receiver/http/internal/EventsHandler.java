package org.homeport.receiver.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.intake.Intake;
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
    private static final String API_KEY_HEADER = "X-Api-Key";

    private final ReceiverConfig config;
    private final Intake intake;
    /** Device authentication, counting and throttling included: the security bundle's. */
    private final DeviceRequestAuthenticator authenticator;
    private final JsonFactory json;
    private final EventMapper mapper;
    private final Responder responder;
    private final ReceiverMetrics metrics;
    /** Shared by every request of this receiver. */
    private final InFlightValues inFlight;

    EventsHandler(ReceiverConfig config, Intake intake, DeviceRequestAuthenticator authenticator, JsonFactory json,
            EventMapper mapper, Responder responder, ReceiverMetrics metrics, InFlightValues inFlight) {
        this.config = config;
        this.intake = intake;
        this.authenticator = authenticator;
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
        CompletionStage<DevicePrincipal> authenticated;
        try {
            // one call: keys, tokens, counting and throttling are the security bundle's
            authenticated = authenticator.authenticate(new DeviceCredentials(request.getHeader(API_KEY_HEADER),
                    request.getHeader(HttpHeaders.AUTHORIZATION), source));
        } catch (RuntimeException e) {
            internalError(request, e);
            return;
        }
        CompletableFuture<DevicePrincipal> now = authenticated instanceof CompletableFuture<DevicePrincipal> future
                && future.isDone() ? future : null;
        if (now != null) {
            // an API key: answered at once, on this thread
            DevicePrincipal principal;
            try {
                principal = now.join();
            } catch (CompletionException | CancellationException e) {
                refused(request, e);
                return;
            }
            proceed(request, principal);
            return;
        }
        // an access token: validated off this thread; hold the body meanwhile
        request.pause();
        Context context = Vertx.currentContext();
        Future.fromCompletionStage(authenticated, context).onComplete(result -> {
            request.resume();
            if (result.failed()) {
                refused(request, result.cause());
            } else {
                proceed(request, result.result());
            }
        });
    }

    /** Answers a refused credential as the security bundle says, anything else as an internal error. */
    private void refused(HttpServerRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        if (cause instanceof DeviceAuthenticationException refusal) {
            Map<String, String> headers = new HashMap<>();
            if (refusal.retryAfterSeconds() > 0) {
                headers.put("Retry-After", Long.toString(refusal.retryAfterSeconds()));
            }
            if (refusal.challenge() != null) {
                headers.put("WWW-Authenticate", refusal.challenge());
            }
            responder.problem(request, Problem.of(refusal), refusal.detail(), headers);
        } else {
            internalError(request, cause);
        }
    }

    private void internalError(HttpServerRequest request, Throwable e) {
        LOG.warn("Device authentication failed: {}: {}", e.getClass().getName(), e.getMessage());
        responder.problem(request, Problem.INTERNAL_ERROR, "the request could not be processed");
    }

    /** Everything after authentication that the head of the request can tell. */
    private void proceed(HttpServerRequest request, DevicePrincipal principal) {
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
        new EventsRequest(request, principal, encoding == Encoding.GZIP, config, intake, json, mapper, responder, metrics,
                inFlight).start();
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
