package org.homeport.receiver.otlp.internal;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bodies OTLP/HTTP defines for answers, in either encoding: an {@code Export*ServiceResponse}
 * (with {@code partial_success} when some records were rejected) for 200, and a
 * {@code google.rpc.Status} for every error. {@code google.rpc.Status} is written by hand (code = 1,
 * message = 2): it is two fields, and the common-protos artifact would be one more jar to embed.
 */
final class Answers {
    /** google.rpc.Code values the answers use. */
    static final int INVALID_ARGUMENT = 3;
    static final int NOT_FOUND = 5;
    static final int PERMISSION_DENIED = 7;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int UNIMPLEMENTED = 12;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;
    static final int UNAUTHENTICATED = 16;

    private Answers() {
    }

    /** The 200 answer: full success when {@code rejected} is 0, otherwise partial success with the message. */
    static Buffer success(Signal signal, Encoding encoding, long rejected, String errorMessage) {
        if (encoding == Encoding.JSON) {
            JsonObject body = new JsonObject();
            if (rejected > 0 || !errorMessage.isEmpty()) {
                JsonObject partial = new JsonObject();
                if (rejected > 0) {
                    // proto3 JSON writes 64-bit integers as strings
                    partial.put(signal.rejectedJsonField(), Long.toString(rejected));
                }
                if (!errorMessage.isEmpty()) {
                    partial.put("errorMessage", errorMessage);
                }
                body.put("partialSuccess", partial);
            }
            return body.toBuffer();
        }
        byte[] bytes;
        if (signal == Signal.LOGS) {
            ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
            if (rejected > 0 || !errorMessage.isEmpty()) {
                response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected)
                        .setErrorMessage(errorMessage));
            }
            bytes = response.build().toByteArray();
        } else {
            ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
            if (rejected > 0 || !errorMessage.isEmpty()) {
                response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(rejected)
                        .setErrorMessage(errorMessage));
            }
            bytes = response.build().toByteArray();
        }
        return Buffer.buffer(bytes);
    }

    /** A {@code google.rpc.Status} with a code and a message (never input content). */
    static Buffer status(Encoding encoding, int code, String message) {
        if (encoding == Encoding.JSON) {
            return new JsonObject().put("code", code).put("message", message).toBuffer();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }
}
