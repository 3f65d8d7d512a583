package org.homeport.sink.kafka.internal;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/** Sorts a failed send: refused for good (to the dead letters), or worth sending again later. */
final class Failures {
    enum Kind {
        /** Sending the same record again cannot succeed: too large, invalid, or its topic is not allowed. */
        PERMANENT,
        /** The broker is away, slow or busy; the journal resends the batch. */
        TEMPORARY,
        /** Temporary, and the producer may be unusable (closed, fenced, authentication): build a new one. */
        TEMPORARY_RESET
    }

    private Failures() {
    }

    /** The failure itself, not the future's wrappers around it. */
    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static Kind classify(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof TopicAuthorizationException || cause instanceof InvalidTopicException
                || cause instanceof InvalidRecordException) {
            return Kind.PERMANENT;
        }
        if (cause instanceof RetriableException) {
            return Kind.TEMPORARY;
        }
        return Kind.TEMPORARY_RESET;
    }

    /** What to tell people about a failure: its type and Kafka's message, which names no event content. */
    static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
