package org.homeport.sink.elasticsearch.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sends index operations to Elasticsearch in one bulk request: {@link EsClient} does, tests fake it. */
interface BulkTransport {

    /** One document: where it goes, its {@code _id} (the event id) and its JSON source. */
    record Doc(String index, String id, byte[] source) {
    }

    /**
     * An item's answer.
     *
     * @param status    HTTP status of the item
     * @param errorType {@code error.type}, or {@code null} when stored
     */
    record ItemResult(int status, String errorType) {
    }

    /**
     * A bulk request that failed as a whole.
     *
     * @param status    the HTTP status, or 0 when there was no answer (connection refused, timeout)
     * @param errorType the error type Elasticsearch named, or the exception's class name
     */
    final class RequestFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String errorType;

        RequestFailedException(int status, String errorType, Throwable cause) {
            super((status == 0 ? "no answer" : "HTTP " + status) + " (" + errorType + ")", cause);
            this.status = status;
            this.errorType = errorType;
        }

        int status() {
            return status;
        }

        String errorType() {
            return errorType;
        }
    }

    /**
     * Completes with one result per document, in order, or exceptionally with a
     * {@link RequestFailedException} when the request as a whole failed. Never blocks.
     */
    CompletableFuture<List<ItemResult>> index(List<Doc> docs, long bytes);
}
