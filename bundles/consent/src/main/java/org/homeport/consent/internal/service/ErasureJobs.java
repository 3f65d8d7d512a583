package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homeport.api.config.Durations;
import org.homeport.api.sink.SubjectQuery;
import org.homeport.consent.api.AuditTrail;
import org.homeport.consent.api.SubjectDataAccess;
import org.homeport.consent.api.SubjectDataReport;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.store.ConsentRecordStore.ErasureJob;
import org.homeport.consent.internal.subject.StoredForms;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the erasures that denials and withdrawals asked for ({@code erase.on.withdrawal}). The jobs
 * live in the consent store, written with the consent record that asked for them, and leave it
 * only once done, so a crash or a restart loses none: they are picked up at start and retried
 * with back-off while a sink fails.
 *
 * <p>One worker thread, off every request path: a burst of withdrawals waits in the store, not
 * in memory, and is worked off in batches, each batch one erasure per purpose covering all its
 * subjects (so a sink that scans reads each purpose's files once for up to {@code batch.subjects}
 * subjects).
 */
@Component(service = ErasureJobs.class, configurationPid = ErasureJobs.PID)
@Designate(ocd = ErasureJobs.Config.class)
public class ErasureJobs {
    static final String PID = "org.homeport.consent.erasure";
    private static final Logger LOG = LoggerFactory.getLogger(ErasureJobs.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    @ObjectClassDefinition(name = "Homeport erase on withdrawal",
            description = "Erases a subject's events of a purpose after a denial or withdrawal, where its policy says so")
    public @interface Config {
        @AttributeDefinition(name = "Subjects per scan",
                description = "How many waiting erasures are done together, one scan of each purpose for all of them")
        int batch_subjects() default 100;

        @AttributeDefinition(name = "Retry interval",
                description = "How often waiting erasures are looked for besides right after a withdrawal, and the "
                        + "first back-off after a sink failed (it doubles per attempt, up to 1h): 30s, 5m, PT1M")
        String retry_interval() default "30s";
    }

    private final ConsentStore store;
    private final SubjectDataAccess subjectData;
    private final StoredForms storedForms;
    private final AuditTrail audit;
    private final int batch;
    private final Duration retryInterval;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "homeport-erase-on-withdrawal");
        thread.setDaemon(true);
        return thread;
    });
    /** At most one drain waits on the worker: wake-ups never pile up. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    @Activate
    public ErasureJobs(@Reference StoreHolder holder, @Reference SubjectDataAccess subjectData,
            @Reference StoredForms storedForms, @Reference AuditTrail audit, Config config) {
        this(holder.store(), subjectData, storedForms, audit, config.batch_subjects(),
                Durations.parse(config.retry_interval()), Clock.systemUTC());
        // Also at start: what a crash or a stop left waiting.
        // The first run waits one interval, so the sinks are bound by then.
        worker.scheduleWithFixedDelay(this::wake, retryInterval.toMillis(), retryInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Without a schedule: tests call {@link #wake()} or {@link #runBatch()} themselves. */
    ErasureJobs(ConsentStore store, SubjectDataAccess subjectData, StoredForms storedForms, AuditTrail audit, int batch,
            Duration retryInterval, Clock clock) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch.subjects must be at least 1");
        }
        if (retryInterval.isZero()) {
            throw new IllegalArgumentException("retry.interval must be longer than 0");
        }
        this.store = store;
        this.subjectData = subjectData;
        this.storedForms = storedForms;
        this.audit = audit;
        this.batch = batch;
        this.retryInterval = retryInterval;
        this.clock = clock;
    }

    /** Works off the due jobs soon, on the worker; returns at once. */
    public void wake() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                drainQueued.set(false);
            }
        }
    }

    /** How many erasures wait, for the shell and tests. */
    public long pending() {
        return store.pendingErasureJobs();
    }

    private void drain() {
        drainQueued.set(false);
        try {
            while (runBatch() > 0) {
                // until nothing is due
            }
        } catch (RuntimeException e) {
            LOG.warn("Erasing on withdrawal paused until the next retry: {}", e.toString());
        }
    }

    /**
     * One batch of due jobs: per purpose, one erasure for all their subjects. Done jobs are
     * audited and removed; those a sink failed are postponed.
     *
     * @return how many due jobs it handled
     */
    int runBatch() {
        List<ErasureJob> due = store.dueErasureJobs(clock.instant(), batch);
        Map<String, List<ErasureJob>> byPurpose = new LinkedHashMap<>();
        for (ErasureJob job : due) {
            byPurpose.computeIfAbsent(job.purpose(), any -> new ArrayList<>()).add(job);
        }
        byPurpose.forEach(this::erase);
        return due.size();
    }

    private void erase(String purpose, List<ErasureJob> jobs) {
        List<SubjectQuery> queries = new ArrayList<>();
        Set<String> notSearched = new LinkedHashSet<>();
        for (ErasureJob job : jobs) {
            StoredForms.Search search = storedForms.subject(job.tenant(), job.subject(), Set.of(purpose), Set.of());
            queries.addAll(search.queries());
            notSearched.addAll(search.notSearched());
        }
        List<Long> seqs = jobs.stream().map(ErasureJob::seq).toList();
        SubjectDataReport report;
        try {
            report = subjectData.erase(queries);
        } catch (RuntimeException e) {
            postpone(purpose, jobs, e.getClass().getSimpleName());
            return;
        }
        if (report.sinks().stream().anyMatch(sink -> sink.outcome() == SubjectDataReport.Outcome.FAILED)) {
            postpone(purpose, jobs, "a sink failed");
            return;
        }
        if (report.sinks().stream().allMatch(sink -> sink.outcome() == SubjectDataReport.Outcome.AGGREGATES_ONLY)) {
            // No sink of individual events is there (yet): right after a start they bind one by one.
            postpone(purpose, jobs, "no sink of individual events is installed");
            return;
        }
        // Done as far as it can be: a sink that cannot search or a missing anonymizer will not do
        // better on a retry; the receipt says so (partial) and names it.
        for (ErasureJob job : jobs) {
            JsonObject receipt = ReceiptJson.report(report, List.copyOf(notSearched))
                    .put("purpose", purpose)
                    .put("consentRecord", job.seq())
                    .put("subjectsInThisErasure", jobs.size());
            audit.append("system:erasure", "dsr.erase-on-withdrawal", job.tenant() + "/" + job.subject(), receipt.encode());
        }
        store.finishErasureJobs(seqs);
        LOG.info("Erased on withdrawal: purpose '{}', {} subject(s), {} event(s)", purpose, jobs.size(), report.events());
    }

    private void postpone(String purpose, List<ErasureJob> jobs, String why) {
        int attempts = jobs.stream().mapToInt(ErasureJob::attempts).max().orElse(0);
        Duration backoff = retryInterval.multipliedBy(1L << Math.min(attempts, 16));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        Instant next = clock.instant().plus(backoff);
        store.postponeErasureJobs(jobs.stream().map(ErasureJob::seq).toList(), next);
        LOG.warn("Erasing on withdrawal (purpose '{}', {} subject(s)) failed ({}); retrying at {}", purpose, jobs.size(),
                why, next);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }
}
