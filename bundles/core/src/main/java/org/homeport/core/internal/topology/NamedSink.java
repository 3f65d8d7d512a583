package org.homeport.core.internal.topology;

import org.homeport.api.sink.Sink;

/**
 * A sink service with the name pipelines know it by, and whether it keeps only k-anonymous
 * aggregates ({@link Sink#AGGREGATING_PROPERTY}).
 */
public record NamedSink(String name, Sink sink, boolean aggregating) {
}
