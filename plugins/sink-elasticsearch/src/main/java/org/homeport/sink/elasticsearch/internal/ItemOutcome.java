package org.homeport.sink.elasticsearch.internal;

import java.util.Set;

/**
 * What the sink does with one item of a bulk response (or with every item of a bulk request that
 * failed as a whole), from its HTTP status and Elasticsearch error type.
 */
enum ItemOutcome {
    /** Stored. */
    STORED,
    /** Elasticsearch is busy (429): try again later, and send less for a while. */
    THROTTLED,
    /** Try again later: the node or shard is unavailable, or an operator has to fix something (auth, a block). */
    RETRY,
    /** Refused for good: the document cannot be indexed as it is; it goes to the dead letters. */
    REFUSED;

    /** 400s that are about the cluster, not the document: an operator can fix them, the event is not at fault. */
    private static final Set<String> RETRYABLE_400 = Set.of("index_closed_exception", "cluster_block_exception",
            "resource_already_exists_exception", "invalid_index_template_exception");

    /**
     * @param status    the item's HTTP status
     * @param errorType the item's {@code error.type}, or {@code null}
     */
    static ItemOutcome of(int status, String errorType) {
        if (status >= 200 && status < 300) {
            return STORED;
        }
        if (status == 429) {
            return THROTTLED;
        }
        if (status == 400 || status == 413) {
            // mapper_parsing_exception, document_parsing_exception, strict_dynamic_mapping_exception,
            // illegal_argument_exception (field limit, id too long), a document too large
            return errorType != null && RETRYABLE_400.contains(errorType) ? RETRY : REFUSED;
        }
        // 401/403 (credentials, read-only blocks), 404 (index being deleted), 408, 409, 5xx
        return RETRY;
    }
}
