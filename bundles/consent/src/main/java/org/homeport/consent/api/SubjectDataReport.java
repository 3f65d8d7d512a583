package org.homeport.consent.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export or erasure found and did, per sink: the body of a data-subject request's receipt.
 *
 * @param sinks one result per registered sink, by sink name
 */
public record SubjectDataReport(List<SinkResult> sinks) {
    public SubjectDataReport {
        sinks = List.copyOf(sinks);
    }

    /** Events exported or erased over all sinks. */
    public long events() {
        return sinks.stream().mapToLong(SinkResult::events).sum();
    }

    /**
     * Whether every sink was looked at: none failed, and none holds individual events it cannot
     * search (a sink that cannot export or erase leaves its data to be handled by hand).
     */
    public boolean complete() {
        return sinks.stream().noneMatch(sink -> sink.outcome() == Outcome.FAILED || sink.outcome() == Outcome.UNSUPPORTED);
    }

    /** How a sink fared. */
    public enum Outcome {
        /** It did what was asked. */
        DONE,
        /** It can, but failed; {@code error} says why. */
        FAILED,
        /** It cannot export or erase (it does not implement it); its data must be handled by hand. */
        UNSUPPORTED,
        /**
         * It keeps only k-anonymous aggregates ({@code homeport.sink.aggregating}), nothing about one
         * subject, so there was nothing to look for.
         *
         * @since 1.4
         */
        AGGREGATES_ONLY
    }

    /**
     * @param sink    the sink's name
     * @param outcome how it fared
     * @param events  events exported or erased
     * @param file    the export file, or {@code null}
     * @param error   why it failed, or {@code null}; never personal data
     */
    public record SinkResult(String sink, Outcome outcome, long events, Path file, String error) {
    }
}
