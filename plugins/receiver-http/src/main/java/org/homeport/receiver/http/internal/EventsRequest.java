package org.homeport.receiver.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.IntakeBusyException;
import org.homeport.api.intake.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated {@code POST /v1/events}: streams the body through the limits (wire bytes,
 * gzip, JSON), maps events as they complete, submits the valid ones and answers with the merged
 * outcome. Lives on the request's event loop; the intake's answer is brought back to it.
 */
final class EventsRequest {
    private static final Logger LOG = LoggerFactory.getLogger(EventsRequest.class);
    private static final String RECEIVER = "http";
    private static final int INFLATE_BUFFER_BYTES = 16 * 1024;

    private final HttpServerRequest request;
    private final DevicePrincipal principal;
    private final ReceiverConfig config;
    private final Intake intake;
    private final JsonFactory json;
    private final EventMapper mapper;
    private final Responder responder;
    private final ReceiverMetrics metrics;
    private final Context context;
    private final Instant receivedAt = Instant.now();
    private final EventStreamParser parser;
    private final GzipInflaterStream gzip;
    private final InFlightValues inFlight;
    /** Values of this request counted in {@link #inFlight} and not yet released. */
    private long counted;

    private final List<TelemetryEvent> valid = new ArrayList<>();
    private final List<Integer> validIndexes = new ArrayList<>();
    private final List<EventOutcome> rejections = new ArrayList<>();
    private long wireBytes;
    private boolean finished;

    EventsRequest(HttpServerRequest request, DevicePrincipal principal, boolean gzipEncoded, ReceiverConfig config,
            Intake intake, JsonFactory json, EventMapper mapper, Responder responder, ReceiverMetrics metrics,
            InFlightValues inFlight) {
        this.request = request;
        this.principal = principal;
        this.config = config;
        this.intake = intake;
        this.json = json;
        this.mapper = mapper;
        this.responder = responder;
        this.metrics = metrics;
        this.context = Vertx.currentContext();
        this.inFlight = inFlight;
        this.parser = new EventStreamParser(json, config.maxDepth(), config.maxEvents(), config.maxStringLength(),
                config.maxValuesPerEvent(), config.maxValuesPerRequest(), this::onEvent);
        this.gzip = gzipEncoded
                ? new GzipInflaterStream(config.maxDecompressedBytes(), INFLATE_BUFFER_BYTES, parser::feed)
                : null;
    }

    void start() {
        request.handler(this::onChunk);
        request.endHandler(ignored -> onEnd());
        request.exceptionHandler(this::onBroken);
    }

    private void onChunk(Buffer chunk) {
        if (finished) {
            return; // refused already; the connection is on its way out
        }
        wireBytes += chunk.length();
        try {
            if (wireBytes > config.maxBodyBytes()) {
                throw new ProblemException(Problem.BODY_TOO_LARGE,
                        "the body is larger than " + config.maxBodyBytes() + " bytes");
            }
            byte[] bytes = chunk.getBytes();
            if (gzip != null) {
                gzip.write(bytes, 0, bytes.length);
            } else {
                parser.feed(bytes, 0, bytes.length);
            }
            countInFlight();
        } catch (ProblemException e) {
            refuse(e);
        }
    }

    private void onEnd() {
        if (finished) {
            return;
        }
        try {
            if (gzip != null) {
                gzip.finish();
            }
            parser.finish();
            countInFlight();
        } catch (ProblemException e) {
            refuse(e);
            return;
        }
        finished = true;
        release();
        metrics.eventsParsed(parser.eventCount());
        submit();
    }

    private void onBroken(Throwable failure) {
        // the sender went away or the connection timed out: nobody to answer
        if (!finished) {
            finished = true;
            release();
            LOG.debug("Request body aborted: {}", failure.getClass().getName());
        }
    }

    private void onEvent(EventStreamParser.RawEvent raw) {
        try {
            valid.add(mapper.map(raw, principal, receivedAt));
            validIndexes.add(raw.index());
        } catch (InvalidEventException e) {
            rejections.add(EventOutcome.rejected(raw.index(), e.eventId(), e.reason(), e.detail()));
        }
    }

    private void refuse(ProblemException problem) {
        finished = true;
        release();
        responder.problem(request, problem.problem(), problem.detail(), problem.headers());
    }

    /** Counts what the parser built since the last chunk; refuses the request if all requests hold too much. */
    private void countInFlight() throws ProblemException {
        long values = parser.valueCount() - counted;
        counted += values;
        if (!inFlight.add(values)) {
            throw new ProblemException(Problem.OVERLOADED, "the node is busy; retry after 1 seconds",
                    Map.of(HttpHeaders.RETRY_AFTER.toString(), "1"));
        }
    }

    /** Once per request: its events are the intake's now, or gone. */
    private void release() {
        inFlight.release(counted);
        counted = 0;
        parser.close();
        if (gzip != null) {
            gzip.close();
        }
    }

    private void submit() {
        if (valid.isEmpty()) {
            answer(new BatchReport(rejections));
            return;
        }
        CompletionStage<List<EventOutcome>> outcomes;
        try {
            outcomes = intake.submit(new Submission(RECEIVER, principal, valid));
        } catch (RuntimeException e) {
            intakeFailed(e);
            return;
        }
        // the intake completes on its own threads; answer on the request's event loop
        Future.fromCompletionStage(outcomes, context).onComplete(this::intakeAnswered);
    }

    private void intakeAnswered(AsyncResult<List<EventOutcome>> result) {
        if (result.failed()) {
            intakeFailed(result.cause());
            return;
        }
        List<EventOutcome> outcomes = result.result();
        if (outcomes == null || outcomes.size() != valid.size()) {
            LOG.warn("Intake answered {} outcomes for {} events", outcomes == null ? 0 : outcomes.size(),
                    valid.size());
            responder.problem(request, Problem.INTERNAL_ERROR, "the request could not be processed");
            return;
        }
        List<EventOutcome> merged = new ArrayList<>(rejections.size() + outcomes.size());
        merged.addAll(rejections);
        for (int i = 0; i < outcomes.size(); i++) {
            merged.add(outcomes.get(i).withIndex(validIndexes.get(i)));
        }
        merged.sort(Comparator.comparingInt(EventOutcome::index));
        answer(new BatchReport(merged));
    }

    private void answer(BatchReport report) {
        if (report.mustRetry()) {
            responder.send(request, 503, "application/json", report.toJson(json),
                    Map.of(HttpHeaders.RETRY_AFTER.toString(), "1"));
        } else if (report.allRejected()) {
            responder.rejected(request, report);
        } else {
            responder.send(request, 200, "application/json", report.toJson(json), Map.of());
        }
    }

    private void intakeFailed(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof IntakeBusyException busy) {
            long seconds = retryAfterSeconds(busy.retryAfter());
            // what is full (the intake's queue, the journal) helps the operator; it never quotes an event
            String what = busy.getMessage() == null ? "the node is busy" : busy.getMessage();
            responder.problem(request, Problem.OVERLOADED, what + "; retry after " + seconds + " seconds",
                    Map.of(HttpHeaders.RETRY_AFTER.toString(), Long.toString(seconds)));
            return;
        }
        LOG.warn("Intake failed to take a batch of {} events: {}: {}", valid.size(), cause.getClass().getName(),
                cause.getMessage());
        responder.problem(request, Problem.INTERNAL_ERROR, "the request could not be processed");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Whole seconds, rounded up, at least one: Retry-After has no fractions. */
    private static long retryAfterSeconds(Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            return 1;
        }
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
