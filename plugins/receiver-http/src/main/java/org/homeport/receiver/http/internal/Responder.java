package org.homeport.receiver.http.internal;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.Map;
import org.homeport.api.util.http.ProblemJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every answer of the receiver and counts it. An answer sent before the body was read
 * (errors) also stops reading: the request is paused and the connection closed (HTTP/1.x) or the
 * stream reset (HTTP/2), so a sender cannot make the node take in more of a body it has refused.
 *
 * <p>The HTTP/1.x close waits a moment after the answer is written: closing a socket with unread
 * input makes the kernel send a reset at once, which can destroy the answer before the sender
 * has read it (RFC 9112, section 9.6). The paused connection costs nothing meanwhile.
 */
final class Responder {
    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);
    private static final long HTTP2_NO_ERROR = 0;
    static final long LINGER_MILLIS = 1000;

    private final Vertx vertx;
    private final ReceiverMetrics metrics;

    Responder(Vertx vertx, ReceiverMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    void problem(HttpServerRequest request, Problem problem, String detail) {
        problem(request, problem, detail, Map.of());
    }

    void problem(HttpServerRequest request, Problem problem, String detail, Map<String, String> headers) {
        LOG.debug("Refused a request: {} {}", problem.status(), problem.slug());
        send(request, problem.status(), ProblemJson.MEDIA_TYPE,
                Buffer.buffer(ProblemJson.write(problem.status(), problem.slug(), problem.title(), detail)), headers);
    }

    /** The 422 answer: every event was rejected; {@code errors} lists why, one entry per event. */
    void rejected(HttpServerRequest request, BatchReport report) {
        Problem problem = Problem.EVENTS_REJECTED;
        send(request, problem.status(), ProblemJson.MEDIA_TYPE, Buffer.buffer(ProblemJson.write(problem.status(),
                problem.slug(), problem.title(), "no event in the request was accepted", Map.of("errors", report.errors()))),
                Map.of());
    }

    void send(HttpServerRequest request, int status, String contentType, Buffer body, Map<String, String> headers) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return; // the sender went away, or an answer was already given
        }
        metrics.requestAnswered(status);
        boolean abandonBody = mayHaveUnreadBody(request);
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        if (abandonBody) {
            request.pause();
            if (!http2) {
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        headers.forEach(response::putHeader);
        response.end(body).onComplete(written -> {
            if (abandonBody) {
                if (http2) {
                    response.reset(HTTP2_NO_ERROR); // RFC 9113 8.1: stop sending, no error
                } else {
                    HttpConnection connection = request.connection();
                    vertx.setTimer(LINGER_MILLIS, timer -> connection.close());
                }
            }
        });
    }

    /** HTTP/1.x announces a body with Content-Length or Transfer-Encoding; HTTP/2 may not. */
    private static boolean mayHaveUnreadBody(HttpServerRequest request) {
        if (request.isEnded()) {
            return false;
        }
        if (request.version() == HttpVersion.HTTP_2) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (length != null && !"0".equals(length.trim()));
    }
}
