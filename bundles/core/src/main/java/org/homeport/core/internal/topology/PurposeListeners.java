package org.homeport.core.internal.topology;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.catalog.PurposeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every {@link PurposeListener} the declared purposes, on one thread of its own so that a
 * listener (the policy history writes to the consent store) never holds up a topology rebuild,
 * and only what changed since it was last told.
 */
final class PurposeListeners {
    private static final Logger LOG = LoggerFactory.getLogger(PurposeListeners.class);

    /** The declared purposes at one moment, complete: every purpose configuration was read. */
    record Declared(Collection<Purpose> purposes, Set<String> invalid) {
        Declared {
            purposes = List.copyOf(purposes);
            invalid = Set.copyOf(invalid);
        }
    }

    /** What a listener added since the last change was told: nothing (compared by identity). */
    private static final Declared NOTHING = new Declared(List.of(), Set.of());

    private final Map<PurposeListener, Declared> told = new ConcurrentHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread named = new Thread(runnable, "homeport-purpose-listeners");
        named.setDaemon(true);
        return named;
    });

    void add(PurposeListener listener, Supplier<Optional<Declared>> current) {
        told.put(listener, NOTHING);
        changed(current);
    }

    void remove(PurposeListener listener) {
        told.remove(listener);
    }

    /**
     * Tells the listeners what {@code current} gives when the thread gets to it, so a burst of
     * rebuilds is told once; an empty one (a purpose configuration not read yet) tells nothing.
     */
    void changed(Supplier<Optional<Declared>> current) {
        if (told.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> current.get().ifPresent(this::tell));
        } catch (RejectedExecutionException stopping) {
            // the core is stopping; whoever listens reads the catalog again when it starts
        }
    }

    private void tell(Declared declared) {
        told.forEach((listener, last) -> {
            if (last != NOTHING && last.equals(declared)) {
                return;
            }
            try {
                listener.purposesChanged(declared.purposes(), declared.invalid());
                told.replace(listener, last, declared);
            } catch (RuntimeException e) {
                LOG.error("A purpose listener ({}) failed; it is told again at the next change",
                        listener.getClass().getName(), e);
            }
        });
    }

    void stop() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
