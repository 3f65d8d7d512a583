package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SubjectQuery;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.internal.store.ConsentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erase on withdrawal: durable jobs, done off the request path, several subjects per scan. */
class ErasureJobsTest {
    private static final Map<String, String> ERASES = Map.of("erase.on.withdrawal", "true");

    @TempDir
    java.nio.file.Path directory;

    @Test
    void aWithdrawalErasesTheSubjectsEventsOfThatPurposeAndAuditsIt() throws Exception {
        try (ConsentBundle bundle = new ConsentBundle(directory)) {
            bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), ERASES);
            InMemorySubjectSink sink = sinkOf(bundle);
            sink.stored.add(event("e1", "beta-feedback", "u1"));
            sink.stored.add(event("e2", "beta-feedback", "u2"));

            bundle.consent.record(change("u1", ConsentState.WITHDRAWN, "r1"));

            await().atMost(Duration.ofSeconds(10)).until(() -> bundle.erasures.pending() == 0);
            assertThat(sink.stored).extracting(TelemetryEvent::id).containsExactly("e2");
            assertThat(bundle.audit.entries(0, 100)).extracting(AuditEntry::action)
                    .containsSubsequence("consent.withdraw", "dsr.erase-on-withdrawal");
            assertThat(bundle.audit.entries(0, 100)).filteredOn(entry -> entry.action().equals("dsr.erase-on-withdrawal"))
                    .extracting(AuditEntry::actor).containsOnly("system:erasure");
        }
    }

    @Test
    void anErasureWaitingWhenTheNodeStoppedIsDoneAfterTheNextStart() throws Exception {
        try (ConsentBundle before = new ConsentBundle(directory)) {
            before.declare(ConsentBundle.consentPurpose("beta-feedback"), ERASES);
            // No sink is bound yet (as right after a start): the job waits instead of being dropped.
            before.consent.record(change("u1", ConsentState.WITHDRAWN, "r1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> attemptsOf(before.store()) == 1);
        }
        try (ConsentBundle after = new ConsentBundle(directory)) {
            after.declare(ConsentBundle.consentPurpose("beta-feedback"), ERASES);
            InMemorySubjectSink sink = sinkOf(after);
            sink.stored.add(event("e1", "beta-feedback", "u1"));
            assertThat(after.erasures.pending()).isEqualTo(1);

            jobsAt(after, Instant.now().plus(Duration.ofHours(2))).runBatch();

            assertThat(sink.stored).isEmpty();
            assertThat(after.erasures.pending()).isZero();
        }
    }

    @Test
    void manyWithdrawalsOfOnePurposeAreErasedInOneScan() throws Exception {
        try (ConsentBundle bundle = new ConsentBundle(directory)) {
            bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), ERASES);
            InMemorySubjectSink sink = sinkOf(bundle);
            for (int i = 0; i < 5; i++) {
                sink.stored.add(event("e" + i, "beta-feedback", "u" + i));
                // Written as the service writes them, without waking the worker.
                bundle.store().appendConsent(record("u" + i, "r" + i), ConsentBundleAudit::of, true);
            }

            assertThat(jobsAt(bundle, Instant.now()).runBatch()).isEqualTo(5);

            assertThat(sink.stored).isEmpty();
            assertThat(sink.eraseCalls).hasSize(1);
            assertThat(sink.eraseCalls.get(0)).hasSize(5);
        }
    }

    @Test
    void aSinkThatFailsLeavesTheJobWaitingForARetry() throws Exception {
        try (ConsentBundle bundle = new ConsentBundle(directory)) {
            bundle.declare(ConsentBundle.consentPurpose("beta-feedback"), ERASES);
            InMemorySubjectSink failing = new InMemorySubjectSink() {
                @Override
                public CompletionStage<Long> eraseAll(List<SubjectQuery> queries) {
                    return CompletableFuture.failedFuture(new java.io.IOException("disk full"));
                }
            };
            bundle.sinks.bindSink(failing, Map.of(Sink.NAME_PROPERTY, "file"));
            bundle.store().appendConsent(record("u1", "r1"), ConsentBundleAudit::of, true);

            jobsAt(bundle, Instant.now()).runBatch();

            assertThat(bundle.erasures.pending()).isEqualTo(1);
            assertThat(attemptsOf(bundle.store())).isEqualTo(1);
            assertThat(bundle.audit.entries(0, 100)).extracting(AuditEntry::action)
                    .doesNotContain("dsr.erase-on-withdrawal");
        }
    }

    private static InMemorySubjectSink sinkOf(ConsentBundle bundle) {
        InMemorySubjectSink sink = new InMemorySubjectSink();
        bundle.sinks.bindSink(sink, Map.of(Sink.NAME_PROPERTY, "file"));
        return sink;
    }

    /** A second worker over the same store whose clock reads {@code now}, run by hand. */
    private static ErasureJobs jobsAt(ConsentBundle bundle, Instant now) {
        return new ErasureJobs(bundle.store(), bundle.sinks, bundle.storedForms, bundle.audit, 100,
                Duration.ofSeconds(30), Clock.fixed(now, java.time.ZoneOffset.UTC));
    }

    private static int attemptsOf(ConsentStore store) {
        List<ConsentStore.ErasureJob> jobs = store.dueErasureJobs(Instant.now().plus(Duration.ofDays(1)), 10);
        return jobs.isEmpty() ? -1 : jobs.get(0).attempts();
    }

    private static ConsentChange change(String subject, ConsentState state, String requestId) {
        return new ConsentChange("acme", subject, "beta-feedback", state, 0, requestId, "api", "app-key-1");
    }

    private static ConsentRecord record(String subject, String requestId) {
        return new ConsentRecord(0, "acme", subject, "beta-feedback", ConsentState.WITHDRAWN, 1, Instant.now(), "api",
                requestId, "app-key-1");
    }

    private static TelemetryEvent event(String id, String purpose, String subject) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return new TelemetryEvent(id, "acme", new Source("meet", "1", "d1"), subject, purpose, "app.error", now, now,
                Map.of());
    }

    /** The audit entry the service writes with a record, for records written straight to the store. */
    private static final class ConsentBundleAudit {
        static ConsentStore.AuditDraft of(ConsentRecord record) {
            return new ConsentStore.AuditDraft(record.actor(), "consent.withdraw", record.tenant() + "/" + record.subject(),
                    "{}");
        }
    }
}
