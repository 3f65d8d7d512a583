package org.homeport.consent.internal.service;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.homeport.api.consent.ConsentRecords;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.consent.RecordedChoice;
import org.homeport.api.event.Identifiers;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.internal.store.ConsentStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate's consent lookup: a cache bounded by entries and bytes in front of the store's
 * current-state index, so the decision stays fast with millions of subjects without loading them
 * into memory, and senders choosing long subjects cannot grow it beyond {@code cache.bytes}.
 *
 * <p>This node invalidates an entry after the store committed a change and before the change is
 * acknowledged, so an acknowledged withdrawal stops the next event. With PostgreSQL, other nodes'
 * changes are found by polling the record sequence every {@code poll.interval.ms}; they take
 * effect here within that interval plus one query.
 *
 * <p>A grant counts only if it was given under the purpose's latest material policy version or a
 * later one ({@link PolicyHistory#grantsCountFrom}); the cache holds each record's state and
 * version, so a material change takes effect without touching the cache.
 */
@Component(service = {ConsentRecords.class, CachedConsentRecords.class})
public class CachedConsentRecords implements ConsentRecords {
    private static final Logger LOG = LoggerFactory.getLogger(CachedConsentRecords.class);
    /** Sequence numbers can commit out of order on PostgreSQL; re-reading a window catches late ones. */
    private static final long RESCAN_WINDOW = 1000;
    private static final int POLL_PAGE = 10_000;

    private final ConsentStore store;
    private final ConsentStateCache<Choice> cache;
    private final ToIntFunction<String> grantsCountFrom;
    private final ScheduledExecutorService poller;
    private long seenSeq;

    /** A record's state and the policy version it was given under: what the cache holds. */
    record Choice(ConsentState state, int policyVersion) {
    }

    @Activate
    public CachedConsentRecords(@Reference StoreHolder holder, @Reference PolicyHistory policies) {
        this(holder.store(), holder.config().cache_entries(), holder.config().cache_bytes(),
                "postgresql".equals(holder.store().dialect()) ? holder.config().poll_interval_ms() : 0,
                policies::grantsCountFrom);
    }

    /** Also for the gate benchmark, which drives it outside OSGi: the default byte bound, every grant counts. */
    public CachedConsentRecords(ConsentStore store, int cacheEntries, long pollIntervalMillis) {
        this(store, cacheEntries, ConsentStoreService.DEFAULT_CACHE_BYTES, pollIntervalMillis, purpose -> 0);
    }

    /**
     * @param cacheBytes      the most the cached states may take, estimated from their keys
     * @param grantsCountFrom per purpose, the policy version from which grants count
     */
    public CachedConsentRecords(ConsentStore store, int cacheEntries, long cacheBytes, long pollIntervalMillis,
            ToIntFunction<String> grantsCountFrom) {
        this.store = store;
        this.grantsCountFrom = grantsCountFrom;
        this.cache = new ConsentStateCache<>(cacheEntries, cacheBytes, 64);
        if (pollIntervalMillis > 0) {
            seenSeq = store.lastConsentSeq();
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "homeport-consent-changes");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::pollChanges, pollIntervalMillis, pollIntervalMillis, TimeUnit.MILLISECONDS);
        } else {
            poller = null;
        }
    }

    @Override
    public Optional<ConsentState> currentState(String tenant, String subject, String purpose) {
        return choice(tenant, subject, purpose).map(Choice::state);
    }

    @Override
    public Optional<RecordedChoice> currentChoice(String tenant, String subject, String purpose) {
        return choice(tenant, subject, purpose).map(choice -> new RecordedChoice(choice.state(),
                choice.state() == ConsentState.GRANTED && choice.policyVersion() < grantsCountFrom.applyAsInt(purpose)));
    }

    private Optional<Choice> choice(String tenant, String subject, String purpose) {
        if (!Identifiers.fits(subject)) {
            // never recorded through this node (the store refuses it), and never worth a cache entry
            return store.currentConsent(tenant, subject, purpose).map(CachedConsentRecords::choiceOf);
        }
        return cache.get(ConsentStateCache.key(tenant, subject, purpose),
                () -> store.currentConsent(tenant, subject, purpose).map(CachedConsentRecords::choiceOf));
    }

    private static Choice choiceOf(ConsentRecord record) {
        return new Choice(record.state(), record.policyVersion());
    }

    /** Called after a change of (tenant, subject, purpose) was committed, before it is acknowledged. */
    void changed(String tenant, String subject, String purpose) {
        cache.invalidate(ConsentStateCache.key(tenant, subject, purpose));
    }

    public int cachedEntries() {
        return cache.size();
    }

    /** The estimated bytes the cached states take. */
    public long cachedBytes() {
        return cache.bytes();
    }

    /** Invalidates what other nodes changed since the last poll. */
    void pollChanges() {
        try {
            long from = Math.max(0, seenSeq - RESCAN_WINDOW);
            List<ConsentRecord> changes;
            do {
                changes = store.consentChangesAfter(from, POLL_PAGE);
                for (ConsentRecord change : changes) {
                    changed(change.tenant(), change.subject(), change.purpose());
                    from = change.seq();
                }
            } while (changes.size() == POLL_PAGE);
            seenSeq = Math.max(seenSeq, from);
        } catch (RuntimeException e) {
            LOG.warn("Could not read consent changes of other nodes: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
