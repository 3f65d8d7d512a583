package org.homeport.core.internal.topology;

import org.homeport.api.sink.Sink;

/** A sink service with the name pipelines know it by. */
public record NamedSink(String name, Sink sink) {
}
