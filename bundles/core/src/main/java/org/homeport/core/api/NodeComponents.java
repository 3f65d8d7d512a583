package org.homeport.core.api;

import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What is installed on this node and whether each declaration can work right now: the receivers,
 * anonymizers and sinks that are running, and for every purpose and pipeline {@code ok} or why it is
 * held back. For the admin API and operators; it names plugins and declarations, never data.
 *
 * @since 1.1
 */
@ProviderType
public interface NodeComponents {

    /** A consistent view as of now. */
    Snapshot snapshot();

    /**
     * @param receivers   bundles that hold the intake service: the receivers running
     * @param anonymizers anonymizer services by name
     * @param sinks       sink services by name
     * @param purposes    every declared purpose, by id
     * @param pipelines   every valid pipeline, by name
     */
    record Snapshot(List<Plugin> receivers, List<Plugin> anonymizers, List<Plugin> sinks, List<State> purposes,
            List<State> pipelines) {
        public Snapshot {
            receivers = List.copyOf(receivers);
            anonymizers = List.copyOf(anonymizers);
            sinks = List.copyOf(sinks);
            purposes = List.copyOf(purposes);
            pipelines = List.copyOf(pipelines);
        }
    }

    /**
     * One installed plugin.
     *
     * @param name        what configurations name it by ({@code homeport.anonymizer.name},
     *                    {@code homeport.sink.name}); for a receiver, its bundle's name
     * @param bundle      the symbolic name of the bundle that provides it
     * @param version     that bundle's version
     * @param aggregating for a sink: whether it keeps only k-anonymous aggregates
     */
    record Plugin(String name, String bundle, String version, boolean aggregating) {
        public Plugin {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(bundle, "bundle");
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * Whether a purpose or pipeline can take events now.
     *
     * @param name     the purpose id or pipeline name
     * @param heldBack why its events are held back (answered {@code DEFERRED}); empty when it is ok
     */
    record State(String name, List<String> heldBack) {
        public State {
            Objects.requireNonNull(name, "name");
            heldBack = List.copyOf(heldBack);
        }

        public boolean ok() {
            return heldBack.isEmpty();
        }
    }
}
