package org.homeport.consent.internal.service;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.homeport.api.health.Dependency;
import org.homeport.api.health.DependencyState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the consent store's database answers, as the dependency {@code consent-store} in
 * {@code /health} and {@code /metrics}: probed every {@value #PROBE_SECONDS} s with one round trip,
 * so an unreachable PostgreSQL shows while the node runs, and a store that never opened (the
 * database unreachable at start) shows too.
 */
@Component(service = Dependency.class, immediate = true)
public class ConsentStoreReachability implements Dependency {
    static final String NAME = "consent-store";
    static final int PROBE_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ConsentStoreReachability.class);
    private static final String HELD_BACK = "; events that need a recorded choice are held back (503)";

    private final Clock clock;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "homeport-consent-store-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StoreHolder holder;
    private volatile Instant lastSuccess;
    private volatile DependencyState state = DependencyState.down("the consent store is not open yet" + HELD_BACK, null);

    @Activate
    public ConsentStoreReachability() {
        this(Clock.systemUTC());
        prober.scheduleWithFixedDelay(this::probe, PROBE_SECONDS, PROBE_SECONDS, TimeUnit.SECONDS);
    }

    /** Probes only when {@link #probe()} is called: for tests. */
    ConsentStoreReachability(Clock clock) {
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(StoreHolder store) {
        holder = store;
        probeSoon();
    }

    void unbindStore(StoreHolder store) {
        if (holder == store) {
            holder = null;
        }
        probeSoon();
    }

    private void probeSoon() {
        if (!prober.isShutdown()) {
            prober.execute(this::probe);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DependencyState state() {
        return state;
    }

    /** Asks the database once and keeps the answer; logs only when the state changes. */
    synchronized void probe() {
        StoreHolder current = holder;
        DependencyState next;
        if (current == null) {
            next = DependencyState.down("the consent store is not open (the log says why; a PostgreSQL that did not "
                    + "answer at start is tried again every reconnect.seconds)" + HELD_BACK, lastSuccess);
        } else {
            String kind = current.store().dialect();
            try {
                current.store().ping();
                lastSuccess = clock.instant();
                next = DependencyState.up(kind + " answers", lastSuccess);
            } catch (RuntimeException e) {
                next = DependencyState.down("the " + kind + " database does not answer (see the log)" + HELD_BACK,
                        lastSuccess);
                if (state.isUp()) {
                    LOG.warn("The consent store ({}) does not answer: {}", kind, e.getMessage());
                }
            }
        }
        if (next.isUp() && !state.isUp() && current != null) {
            LOG.info("The consent store ({}) answers", current.store().dialect());
        }
        state = next;
    }

    @Deactivate
    void deactivate() {
        prober.shutdownNow();
    }
}
