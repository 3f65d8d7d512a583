package org.homeport.receiver.otlp.internal;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.homeport.api.auth.DeviceAuthenticationException;
import org.homeport.api.auth.DeviceCredentials;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.auth.DeviceRequestAuthenticator;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.IntakeBusyException;
import org.homeport.api.intake.Submission;
import org.homeport.api.receiver.Outcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OTLP/HTTP request, from head to answer: route ({@code /v1/logs}, {@code /v1/metrics}; traces
 * are not taken), authenticate (device credential headers, as the HTTP receiver), check media type,
 * encoding and declared length before reading a byte of the body, read the body within its bound,
 * inflate gzip within its bound, decode, map, submit, and answer as OTLP/HTTP defines:
 * <ul>
 * <li>200 with an {@code Export*ServiceResponse}, whose {@code partial_success} counts the records
 * refused by the mapping or rejected by the intake (resending them will not help);</li>
 * <li>400 / 401 / 403 / 404 / 405 / 413 / 415 / 429 / 503 with a {@code google.rpc.Status}; 429 and
 * 503 with {@code Retry-After}: the node is saturated or cannot store now, the sender retries the
 * whole request (OTLP senders do, and the event ids are derived from the request so a retry does not
 * duplicate what was stored).</li>
 * </ul>
 * Every answer is in the request's encoding (JSON when it named none we know).
 */
final class OtlpHandler implements Handler<HttpServerRequest> {
    static final String TRACES_PATH = "/v1/traces";
    private static final Logger LOG = LoggerFactory.getLogger(OtlpHandler.class);
    private static final String API_KEY_HEADER = "X-Api-Key";
    private static final long HTTP2_NO_ERROR = 0;
    static final long LINGER_MILLIS = 1000;

    private final Vertx vertx;
    private final Limits limits;
    /** Shared by every request of this receiver. */
    private final InFlightBytes inFlight;
    private final Intake intake;
    private final DeviceRequestAuthenticator authenticator;
    private final OtlpMapping mapping;
    private final OtlpJson json;
    private final OtlpMetrics metrics;
    private final Clock clock;

    OtlpHandler(Vertx vertx, Limits limits, InFlightBytes inFlight, Intake intake, DeviceRequestAuthenticator authenticator,
            OtlpMapping mapping, OtlpMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.limits = limits;
        this.inFlight = inFlight;
        this.intake = intake;
        this.authenticator = authenticator;
        this.mapping = mapping;
        this.json = new OtlpJson(limits.maxDepth());
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Encoding named = Encoding.of(request.getHeader(HttpHeaders.CONTENT_TYPE));
        Encoding answer = named == null ? Encoding.JSON : named;
        Signal signal = Signal.ofPath(request.path());
        if (signal == null) {
            String detail = TRACES_PATH.equals(request.path()) ? "this node takes no traces; logs go to /v1/logs, metrics "
                    + "to /v1/metrics" : "there is nothing at this path; logs go to /v1/logs, metrics to /v1/metrics";
            refuse(request, answer, 404, Answers.NOT_FOUND, "not-found", detail, Map.of());
            return;
        }
        if (request.method() != HttpMethod.POST) {
            refuse(request, answer, 405, Answers.UNIMPLEMENTED, "method-not-allowed", signal.path() + " takes POST only",
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
            internalError(request, answer, e);
            return;
        }
        if (authenticated instanceof CompletableFuture<DevicePrincipal> now && now.isDone()) {
            // an API key: answered at once, on this thread
            DevicePrincipal principal;
            try {
                principal = now.join();
            } catch (CompletionException | CancellationException e) {
                authRefused(request, answer, e);
                return;
            }
            proceed(request, signal, named, answer, principal);
            return;
        }
        // an access token: validated off this thread; hold the body meanwhile
        request.pause();
        Context context = Vertx.currentContext();
        Future.fromCompletionStage(authenticated, context).onComplete(result -> {
            request.resume();
            if (result.failed()) {
                authRefused(request, answer, result.cause());
            } else {
                proceed(request, signal, named, answer, result.result());
            }
        });
    }

    private void authRefused(HttpServerRequest request, Encoding answer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure;
        if (!(cause instanceof DeviceAuthenticationException refusal)) {
            internalError(request, answer, cause);
            return;
        }
        Map<String, String> headers = new HashMap<>();
        if (refusal.retryAfterSeconds() > 0) {
            headers.put("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        }
        if (refusal.challenge() != null) {
            headers.put("WWW-Authenticate", refusal.challenge());
        }
        int code = switch (refusal.reason()) {
            case UNAUTHORIZED -> Answers.UNAUTHENTICATED;
            case FORBIDDEN -> Answers.PERMISSION_DENIED;
            case THROTTLED -> Answers.RESOURCE_EXHAUSTED;
        };
        refuse(request, answer, refusal.status(), code, refusal.reason().slug(), refusal.detail(), headers);
    }

    private void internalError(HttpServerRequest request, Encoding answer, Throwable e) {
        LOG.warn("An OTLP request failed inside the node: {}: {}", e.getClass().getName(), e.getMessage());
        send(request, answer, 500, Answers.status(answer, Answers.INTERNAL, "the request could not be processed"),
                Map.of());
    }

    /** Everything after authentication that the head tells, then the body. */
    private void proceed(HttpServerRequest request, Signal signal, Encoding named, Encoding answer,
            DevicePrincipal principal) {
        if (named == null) {
            refuse(request, answer, 415, Answers.INVALID_ARGUMENT, "unsupported-media-type",
                    "Content-Type must be application/x-protobuf or application/json (UTF-8)", Map.of());
            return;
        }
        String contentEncoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        String coding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        boolean gzip = coding.equals("gzip") || coding.equals("x-gzip");
        if (!gzip && !coding.isEmpty() && !coding.equals("identity")) {
            refuse(request, answer, 415, Answers.INVALID_ARGUMENT, "unsupported-encoding",
                    "Content-Encoding must be absent, identity or gzip", Map.of());
            return;
        }
        if (declaredLength(request) > limits.maxBodyBytes()) {
            tooLarge(request, answer, "the body is larger than " + limits.maxBodyBytes() + " bytes");
            return;
        }
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            // only now: a refused sender must not be invited to send its body
            request.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        InFlightBytes.Share held = inFlight.share();
        // however the request ends (answered, broken off, connection closed), its bytes are let go
        request.response().closeHandler(closed -> held.release());
        request.response().endHandler(ended -> held.release());
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > limits.maxBodyBytes()) {
                refused[0] = true;
                tooLarge(request, answer, "the body is larger than " + limits.maxBodyBytes() + " bytes");
                return;
            }
            if (!held.tryAcquire(chunk.length())) {
                refused[0] = true;
                overloaded(request, answer);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                received(request, signal, named, principal, body, gzip, held);
            }
        });
        request.exceptionHandler(e -> {
            held.release();
            LOG.debug("An OTLP request broke off: {}", e.getMessage());
        });
    }

    /** 429: the bodies being read and decoded hold max.bytes.in.flight already. */
    private void overloaded(HttpServerRequest request, Encoding answer) {
        refuse(request, answer, 429, Answers.RESOURCE_EXHAUSTED, "overloaded",
                "the node is reading as many requests as it can hold; send this one again later",
                Map.of("Retry-After", Long.toString(limits.retryAfterSeconds())));
    }

    private void tooLarge(HttpServerRequest request, Encoding answer, String detail) {
        refuse(request, answer, 413, Answers.RESOURCE_EXHAUSTED, "too-large", detail, Map.of());
    }

    /** The body is read whole: inflate, decode, map, submit. */
    private void received(HttpServerRequest request, Signal signal, Encoding encoding, DevicePrincipal principal,
            Buffer wire, boolean gzip, InFlightBytes.Share held) {
        Buffer body;
        try {
            body = gzip ? Gunzip.inflate(wire, limits.maxDecompressedBytes()) : wire;
            if (gzip && !held.tryAcquire(body.length())) {
                overloaded(request, encoding);
                return;
            }
        } catch (Gunzip.TooLargeException e) {
            tooLarge(request, encoding, "the body inflates to more than " + limits.maxDecompressedBytes() + " bytes");
            return;
        } catch (MalformedException e) {
            refuse(request, encoding, 400, Answers.INVALID_ARGUMENT, "malformed", e.getMessage(), Map.of());
            return;
        }
        Instant receivedAt = clock.instant();
        List<Mapped> mapped;
        int count;
        try {
            if (signal == Signal.LOGS) {
                ExportLogsServiceRequest export = encoding == Encoding.JSON ? json.logs(body)
                        : ExportLogsServiceRequest.parseFrom(input(body));
                count = OtlpMapping.count(export);
                if (count > limits.maxRecords()) {
                    tooMany(request, encoding, signal);
                    return;
                }
                mapped = mapping.logs(export, principal, receivedAt, ids(principal, signal, body));
            } else {
                ExportMetricsServiceRequest export = encoding == Encoding.JSON ? json.metrics(body)
                        : ExportMetricsServiceRequest.parseFrom(input(body));
                count = OtlpMapping.count(export);
                if (count > limits.maxRecords()) {
                    tooMany(request, encoding, signal);
                    return;
                }
                mapped = mapping.metrics(export, principal, receivedAt, ids(principal, signal, body));
            }
        } catch (MalformedException e) {
            refuse(request, encoding, 400, Answers.INVALID_ARGUMENT, "malformed", e.getMessage(), Map.of());
            return;
        } catch (IOException e) {
            // InvalidProtocolBufferException, and anything else protobuf finds wrong with the bytes
            refuse(request, encoding, 400, Answers.INVALID_ARGUMENT, "malformed",
                    "the body is not a protobuf Export" + (signal == Signal.LOGS ? "Logs" : "Metrics") + "ServiceRequest",
                    Map.of());
            return;
        }
        metrics.parsed(count);
        // the body is decoded and mapped: from here the intake's queue bounds (by bytes) what the events hold
        held.release();
        List<TelemetryEvent> events = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (Mapped item : mapped) {
            if (item.event() != null) {
                events.add(item.event());
            } else {
                metrics.refused(item.refusal().reason());
                reasons.merge(item.refusal().reason(), 1, Integer::sum);
            }
        }
        int refusedByMapping = count - events.size();
        if (events.isEmpty()) {
            answerSuccess(request, signal, encoding, count, refusedByMapping, reasons);
            return;
        }
        CompletionStage<List<EventOutcome>> submitted;
        try {
            submitted = intake.submit(new Submission(OtlpMetrics.RECEIVER, principal, events));
        } catch (RuntimeException e) {
            submitted = CompletableFuture.failedFuture(e);
        }
        // the intake may complete on its own threads: answer on this request's context
        Future.fromCompletionStage(submitted, Vertx.currentContext()).onComplete(result -> {
            if (result.failed()) {
                Throwable cause = result.cause() instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : result.cause();
                if (cause instanceof IntakeBusyException busy) {
                    long seconds = busy.retryAfter() == null ? limits.retryAfterSeconds()
                            : Math.max(1, busy.retryAfter().toSeconds());
                    send(request, encoding, 429, Answers.status(encoding, Answers.RESOURCE_EXHAUSTED,
                            "the node is saturated; send the request again later"),
                            Map.of("Retry-After", Long.toString(seconds)));
                } else {
                    internalError(request, encoding, cause);
                }
                return;
            }
            Outcomes outcomes = Outcomes.of(result.result());
            if (outcomes.mustRetry()) {
                send(request, encoding, 503, Answers.status(encoding, Answers.UNAVAILABLE,
                        "the node cannot store some of these " + signal.items() + " now; send the request again later"),
                        Map.of("Retry-After", Long.toString(limits.retryAfterSeconds())));
                return;
            }
            for (EventOutcome outcome : outcomes.all()) {
                if (outcome.status() == EventOutcome.Status.REJECTED) {
                    reasons.merge(outcome.reason() == null ? "rejected" : outcome.reason(), 1, Integer::sum);
                }
            }
            answerSuccess(request, signal, encoding, count,
                    refusedByMapping + outcomes.count(EventOutcome.Status.REJECTED), reasons);
        });
    }

    private void tooMany(HttpServerRequest request, Encoding encoding, Signal signal) {
        refuse(request, encoding, 413, Answers.RESOURCE_EXHAUSTED, "too-many-records",
                "a request may carry at most " + limits.maxRecords() + " " + signal.items(), Map.of());
    }

    /** 200: everything taken, or partial success naming how many were rejected and why (reasons only). */
    private void answerSuccess(HttpServerRequest request, Signal signal, Encoding encoding, int count, int rejected,
            Map<String, Integer> reasons) {
        String message = "";
        if (rejected > 0) {
            StringBuilder text = new StringBuilder().append(rejected).append(" of ").append(count).append(' ')
                    .append(signal.items()).append(" rejected:");
            reasons.forEach((reason, n) -> text.append(' ').append(reason).append(" (").append(n).append(')'));
            message = text.toString();
        }
        send(request, encoding, 200, Answers.success(signal, encoding, rejected, message), Map.of());
    }

    /** Refuses the whole request before the intake saw any of it, counted by reason. */
    private void refuse(HttpServerRequest request, Encoding encoding, int status, int code, String reason, String detail,
            Map<String, String> headers) {
        metrics.refused(reason);
        LOG.debug("Refused an OTLP request: {} {}", status, reason);
        send(request, encoding, status, Answers.status(encoding, code, detail), headers);
    }

    /**
     * Writes an answer and counts it. An answer sent before the body was read (errors) also stops
     * reading: the request is paused and the connection closed a moment after the answer (HTTP/1.x; a
     * close with unread input would reset it before the sender read it) or the stream reset (HTTP/2).
     */
    private void send(HttpServerRequest request, Encoding encoding, int status, Buffer body, Map<String, String> headers) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        metrics.answered(status);
        boolean abandonBody = !request.isEnded() && (request.version() == HttpVersion.HTTP_2
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || declaredLength(request) > 0);
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (abandonBody) {
            request.pause();
            if (!http2) {
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, encoding.mediaType());
        headers.forEach(response::putHeader);
        response.end(body).onComplete(written -> {
            if (abandonBody) {
                if (http2) {
                    response.reset(HTTP2_NO_ERROR);
                } else {
                    HttpConnection connection = request.connection();
                    vertx.setTimer(LINGER_MILLIS, timer -> connection.close());
                }
            }
        });
    }

    private static CodedInputStream input(Buffer body) {
        CodedInputStream input = CodedInputStream.newInstance(body.getBytes());
        // protobuf's own default is 100; attribute values nest, and deep nesting costs stack
        input.setRecursionLimit(64);
        return input;
    }

    /**
     * Event ids derived from the tenant, the signal, the body and the record's position: a sender
     * that retries the same request after a 429 or 503 produces the same ids, so sinks store what an
     * earlier try already stored only once.
     */
    private static java.util.function.IntFunction<String> ids(DevicePrincipal principal, Signal signal, Buffer body) {
        byte[] digest;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(principal.tenant().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(signal.name().getBytes(StandardCharsets.US_ASCII));
            sha.update(body.getBytes());
            digest = sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
        return index -> {
            byte[] name = java.util.Arrays.copyOf(digest, digest.length + 4);
            name[digest.length] = (byte) (index >>> 24);
            name[digest.length + 1] = (byte) (index >>> 16);
            name[digest.length + 2] = (byte) (index >>> 8);
            name[digest.length + 3] = (byte) index;
            return UUID.nameUUIDFromBytes(name).toString();
        };
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
