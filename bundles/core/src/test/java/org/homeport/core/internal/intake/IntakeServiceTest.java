package org.homeport.core.internal.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.ConsentGate;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.EventOutcome.Status;
import org.homeport.api.intake.IntakeBusyException;
import org.homeport.api.intake.Submission;
import org.homeport.api.sink.Sink;
import org.homeport.core.internal.Events;
import org.homeport.core.internal.config.Declared;
import org.homeport.core.internal.config.PipelineDefinition;
import org.homeport.core.internal.consent.PolicyDefaultConsentGate;
import org.homeport.core.internal.topology.Topology;
import org.homeport.core.internal.topology.TopologyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntakeServiceTest {
    private static final DevicePrincipal DEMO = new DevicePrincipal("demo", "test-key", Set.of());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingSink archive = new RecordingSink();
    private final Map<String, Sink> sinks = new LinkedHashMap<>(Map.of("archive", archive));
    private final SinkWritingJournal journal = new SinkWritingJournal(sinks);
    private final Map<String, Anonymizer> anonymizers = new LinkedHashMap<>(Map.of("drop-fields", new DropFields()));
    private final List<Declared<Purpose>> purposes = new ArrayList<>(List.of(
            declared("crash-reports", Events.purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT,
                    new AnonymizerRef("drop-fields", Map.of("fields", "attributes.errorCode")))),
            declared("marketing", Events.purpose("marketing", LegalBasis.CONSENT, ConsentDefault.OPT_IN))));
    private final List<Declared<EventType>> types = new ArrayList<>(List.of(declared("app.error", Events.errorType()),
            declared("tv.viewing", new EventType("tv.viewing", "", Set.of("marketing"), List.of()))));
    private final List<Declared<PipelineDefinition>> pipelines = new ArrayList<>(List.of(declared("default",
            new PipelineDefinition("default", Set.of(), Set.of(), Set.of(), List.of(), List.of("archive")))));
    private final Set<String> aggregatingSinks = new java.util.HashSet<>();
    private IntakeService intake;

    @AfterEach
    void stop() throws InterruptedException {
        if (intake != null) {
            intake.deactivate();
        }
    }

    private static <T> Declared<T> declared(String name, T value) {
        return new Declared<>(name, value, null);
    }

    private Topology topology() {
        return TopologyBuilder.build(purposes, types, pipelines, anonymizers, sinks, aggregatingSinks, List.of());
    }

    private IntakeService intake(ConsentGate gate, int workers, int queue) {
        intake = new IntakeService(this::topology, gate, journal, registry, workers, queue, 3);
        return intake;
    }

    /** The gate with a consent store that knows nobody: every purpose's default applies. */
    private static PolicyDefaultConsentGate noRecords() {
        return new PolicyDefaultConsentGate((tenant, subject, purpose) -> java.util.Optional.empty());
    }

    private List<EventOutcome> submit(TelemetryEvent... events) throws Exception {
        if (intake == null) {
            intake(noRecords(), 2, 16);
        }
        return intake.submit(new Submission("test", DEMO, List.of(events))).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void validEventIsAnonymizedByItsPurposeAndStored() throws Exception {
        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes).containsExactly(EventOutcome.accepted(0, "e1"));
        assertThat(archive.stored).hasSize(1);
        assertThat(archive.stored.get(0).attributes()).containsOnlyKeys("message");
        assertThat(registry.get("homeport.events.accepted").tag("purpose", "crash-reports").counter().count()).isEqualTo(1);
    }

    @Test
    void submissionCompletesOnlyAfterTheJournalAcknowledged() throws Exception {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        journal.answer = batch -> durable;
        intake(noRecords(), 1, 4);

        CompletableFuture<List<EventOutcome>> result = intake
                .submit(new Submission("test", DEMO, List.of(Events.crashReport("e1", "user-1")))).toCompletableFuture();

        assertThatThrownBy(() -> result.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(java.util.concurrent.TimeoutException.class);
        durable.complete(null);
        assertThat(result.get(5, TimeUnit.SECONDS)).extracting(EventOutcome::status).containsExactly(Status.ACCEPTED);
    }

    @Test
    void eachEventGoesToTheJournalOncePerPipelineWithThatPipelinesSinks() throws Exception {
        sinks.put("restricted", new RecordingSink());
        pipelines.add(declared("second", new PipelineDefinition("second", Set.of(), Set.of(), Set.of(), List.of(),
                List.of("restricted", "archive"))));

        submit(Events.crashReport("e1", "user-1"), Events.crashReport("e2", "user-2"));

        assertThat(journal.appends).as("one append per submission").hasSize(1);
        assertThat(journal.appends.get(0)).extracting(routed -> routed.event().id() + "->" + new java.util.TreeSet<>(routed.sinks()))
                .containsExactlyInAnyOrder("e1->[archive]", "e1->[archive, restricted]", "e2->[archive]",
                        "e2->[archive, restricted]");
    }

    @Test
    void optInPurposeWithoutConsentIsDroppedAndNeverReachesASink() throws Exception {
        List<EventOutcome> outcomes = submit(Events.event("e1", "marketing", "tv.viewing", "user-1", Map.of()));

        assertThat(outcomes).containsExactly(EventOutcome.dropped(0, "e1", "no-consent-on-record"));
        assertThat(archive.stored).isEmpty();
        assertThat(registry.get("homeport.events.dropped").tags("purpose", "marketing", "reason", "no-consent-on-record")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void withoutTheConsentStoreOptOutAndConsentEventsAreDeferredNotKeptOrDropped() throws Exception {
        intake(new PolicyDefaultConsentGate(), 1, 4);

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"),
                Events.event("e2", "marketing", "tv.viewing", "user-1", Map.of()), Events.crashReport("e3", null));

        assertThat(outcomes).extracting(EventOutcome::status).containsExactly(Status.DEFERRED, Status.DEFERRED,
                Status.ACCEPTED);
        assertThat(outcomes.get(0).reason()).isEqualTo("consent-unavailable");
        assertThat(outcomes.get(0).detail()).doesNotContain("user-1");
        assertThat(archive.stored).extracting(TelemetryEvent::id).containsExactly("e3");
        assertThat(registry.get("homeport.events.deferred").tags("purpose", "crash-reports", "reason", "consent-unavailable")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void aConsentLookupThatFailsDefersTheEventInsteadOfApplyingTheDefault() throws Exception {
        intake(new PolicyDefaultConsentGate((tenant, subject, purpose) -> {
            throw new IllegalStateException("the store is down");
        }), 1, 4);

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes).extracting(EventOutcome::reason).containsExactly("consent-unavailable");
        assertThat(archive.stored).isEmpty();
    }

    @Test
    void undeclaredPurposeIsRejectedWithItsReason() throws Exception {
        List<EventOutcome> outcomes = submit(Events.event("e1", "ad-tracking", "app.error", null, Map.of("message", "x")));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.REJECTED);
        assertThat(outcomes.get(0).reason()).isEqualTo("unknown-purpose");
        assertThat(outcomes.get(0).detail()).contains("ad-tracking");
        assertThat(registry.get("homeport.events.rejected").tags("purpose", "undeclared", "reason", "unknown-purpose")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void schemaViolationsAreRejectedEachWithADetailNamingTheField() throws Exception {
        List<EventOutcome> outcomes = submit(
                Events.event("undeclared", "crash-reports", "app.error", null, Map.of("message", "m", "password", "hunter2")),
                Events.event("missing", "crash-reports", "app.error", null, Map.of("errorCode", "E1")),
                Events.event("wrong-kind", "crash-reports", "app.error", null, Map.of("message", "m", "count", "three")),
                Events.event("unknown-type", "crash-reports", "app.crash", null, Map.of()),
                Events.event("wrong-purpose", "marketing", "app.error", "user-1", Map.of("message", "m")));

        assertThat(outcomes).extracting(EventOutcome::reason).containsExactly("schema-violation", "schema-violation",
                "schema-violation", "unknown-type", "purpose-not-allowed-for-type");
        assertThat(outcomes.get(0).detail()).contains("'password'").doesNotContain("hunter2");
        assertThat(outcomes.get(1).detail()).contains("'message'");
        assertThat(outcomes.get(2).detail()).contains("'count'", "number");
        assertThat(archive.stored).isEmpty();
    }

    @Test
    void credentialLimitedToSomePurposesCannotSendOthers() throws Exception {
        intake(noRecords(), 1, 4);
        DevicePrincipal meterOnly = new DevicePrincipal("demo", "printers", Set.of("usage-metering"));

        List<EventOutcome> outcomes = intake.submit(new Submission("test", meterOnly, List.of(Events.crashReport("e1", null))))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(outcomes.get(0).reason()).isEqualTo("purpose-not-permitted");
    }

    @Test
    void eventOfAnotherTenantThanTheSendersIsRejected() throws Exception {
        intake(noRecords(), 1, 4);
        DevicePrincipal other = new DevicePrincipal("acme", "acme-key", Set.of());

        List<EventOutcome> outcomes = intake.submit(new Submission("test", other, List.of(Events.crashReport("e1", null))))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(outcomes.get(0).reason()).isEqualTo("tenant-mismatch");
        assertThat(archive.stored).isEmpty();
    }

    @Test
    void pipelineWhoseSinkIsMissingDefersItsEventsInsteadOfLosingThem() throws Exception {
        sinks.clear();

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.DEFERRED);
        assertThat(outcomes.get(0).reason()).isEqualTo("pipeline-unavailable");
        assertThat(outcomes.get(0).detail()).contains("archive");
    }

    @Test
    void purposeWhoseAnonymizerIsMissingIsHeldBack() throws Exception {
        anonymizers.clear();

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.DEFERRED);
        assertThat(outcomes.get(0).reason()).isEqualTo("anonymizer-unavailable");
        assertThat(archive.stored).isEmpty();
    }

    @Test
    void aJournalThatCannotWriteDefersTheEventsOnly() throws Exception {
        journal.answer = batch -> CompletableFuture.failedFuture(new java.io.IOException("disk full"));

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"), Events.crashReport("e2", "user-2"),
                Events.event("e3", "nope", "app.error", null, Map.of("message", "m")));

        assertThat(outcomes).extracting(EventOutcome::reason)
                .containsExactly("journal-unavailable", "journal-unavailable", "unknown-purpose");
        assertThat(outcomes.get(0).detail()).doesNotContain("disk full");
    }

    @Test
    void aFullJournalRefusesTheSubmissionWithItsRetryAfter() throws Exception {
        journal.answer = batch -> CompletableFuture.failedFuture(
                new org.homeport.api.journal.JournalFullException("the journal is full", java.time.Duration.ofSeconds(7)));
        intake(noRecords(), 1, 4);

        CompletableFuture<List<EventOutcome>> result = intake
                .submit(new Submission("test", DEMO, List.of(Events.crashReport("e1", "user-1")))).toCompletableFuture();

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IntakeBusyException.class)
                .satisfies(e -> assertThat(((IntakeBusyException) e.getCause()).retryAfter())
                        .isEqualTo(java.time.Duration.ofSeconds(7)));
        assertThat(registry.get("homeport.intake.busy").counter().count()).isEqualTo(1);
    }

    /** A purpose like the TV recorder's viewing habits: only k-anonymous counts may be kept. */
    private void declareAggregateOnlyViewingPurpose() {
        purposes.add(declared("viewing", new Purpose("viewing", "", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT,
                false, java.time.Duration.ZERO, List.of(), 1, true)));
        types.add(declared("tv.watched", new EventType("tv.watched", "", Set.of("viewing"), List.of())));
    }

    @Test
    void aggregateOnlyPurposeReachesOnlyPipelinesWhoseSinksAllAggregate() throws Exception {
        declareAggregateOnlyViewingPurpose();
        RecordingSink counts = new RecordingSink();
        sinks.put("counts", counts);
        aggregatingSinks.add("counts");
        pipelines.add(declared("viewing", new PipelineDefinition("viewing", Set.of("viewing"), Set.of(), Set.of(),
                List.of(), List.of("counts"))));
        pipelines.add(declared("mixed", new PipelineDefinition("mixed", Set.of("viewing"), Set.of(), Set.of(),
                List.of(), List.of("counts", "archive"))));

        List<EventOutcome> outcomes = submit(Events.event("e1", "viewing", "tv.watched", "user-1", Map.of()));

        assertThat(outcomes).containsExactly(EventOutcome.accepted(0, "e1"));
        assertThat(counts.stored).as("only the all-aggregating pipeline delivers").hasSize(1);
        assertThat(archive.stored).as("the catch-all and the mixed pipeline are skipped").isEmpty();
        assertThat(topology().problems()).noneMatch(problem -> problem.contains("aggregate-only"));
    }

    @Test
    void aggregateOnlyPurposeWithoutAnAggregatingPipelineIsHeldBackAndHealthSaysWhy() throws Exception {
        declareAggregateOnlyViewingPurpose();

        List<EventOutcome> outcomes = submit(Events.event("e1", "viewing", "tv.watched", "user-1", Map.of()));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.DEFERRED);
        assertThat(outcomes.get(0).reason()).isEqualTo("no-aggregating-pipeline");
        assertThat(archive.stored).isEmpty();
        assertThat(topology().problems()).contains("purpose 'viewing' is aggregate-only but no pipeline delivers it "
                + "to aggregating sinks only; its events are held back");
    }

    /** The crash-reports purpose as its policy would declare it with sinks.allowed and data.categories. */
    private void restrictCrashReports(List<String> allowedSinks, List<String> dataCategories) {
        purposes.set(0, declared("crash-reports", new Purpose("crash-reports", "", LegalBasis.LEGITIMATE_INTEREST,
                ConsentDefault.OPT_OUT, false, java.time.Duration.ofDays(30), List.of(), 0, false, allowedSinks,
                dataCategories, false)));
    }

    @Test
    void aSinkThePurposeDoesNotAllowNeverGetsItsEventsEvenInAPipelineThatNamesIt() throws Exception {
        RecordingSink warehouse = new RecordingSink();
        sinks.put("warehouse", warehouse);
        pipelines.add(declared("both", new PipelineDefinition("both", Set.of(), Set.of(), Set.of(), List.of(),
                List.of("warehouse", "archive"))));
        restrictCrashReports(List.of("archive"), List.of());

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes).containsExactly(EventOutcome.accepted(0, "e1"));
        assertThat(journal.appends.get(0)).extracting(routed -> routed.event().id() + "->" + new java.util.TreeSet<>(routed.sinks()))
                .containsExactlyInAnyOrder("e1->[archive]", "e1->[archive]");
        assertThat(warehouse.stored).isEmpty();
    }

    @Test
    void aPurposeWhoseAllowedSinksNoPipelineDeliversToIsHeldBackAndHealthSaysWhy() throws Exception {
        restrictCrashReports(List.of("warehouse"), List.of());

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.DEFERRED);
        assertThat(outcomes.get(0).reason()).isEqualTo("no-allowed-sink");
        assertThat(archive.stored).isEmpty();
        assertThat(topology().problems()).contains("purpose 'crash-reports' allows only sinks [warehouse] (sinks.allowed) "
                + "but no pipeline that takes it delivers to one of them; its events are held back");
    }

    @Test
    void anAttributeOutsideThePurposesDataCategoriesIsRefusedThoughItsTypeDeclaresIt() throws Exception {
        restrictCrashReports(List.of(), List.of("message"));

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"),
                Events.event("e2", "crash-reports", "app.error", "user-2", Map.of("message", "sync failed")));

        assertThat(outcomes.get(0)).isEqualTo(EventOutcome.rejected(0, "e1", "data-category-not-allowed",
                "attribute 'errorCode' is not among the data categories of purpose 'crash-reports' (data.categories)"));
        assertThat(outcomes.get(1)).isEqualTo(EventOutcome.accepted(1, "e2"));
        assertThat(archive.stored).extracting(TelemetryEvent::id).containsExactly("e2");
        assertThat(topology().problems()).contains("event type 'app.error' declares attributes [errorCode, count] that "
                + "purpose 'crash-reports' does not allow (data.categories): its events carrying them are refused");
    }

    @Test
    void pipelineAnonymizersApplyOnlyToThatPipelinesSinks() throws Exception {
        RecordingSink restricted = new RecordingSink();
        sinks.put("restricted", restricted);
        pipelines.add(declared("restricted", new PipelineDefinition("restricted", Set.of("crash-reports"), Set.of(), Set.of(),
                List.of(new AnonymizerRef("drop-fields", Map.of("fields", "subject"))), List.of("restricted"))));

        submit(Events.crashReport("e1", "user-1"));

        assertThat(archive.stored.get(0).subject()).isEqualTo("user-1");
        assertThat(restricted.stored.get(0).subject()).isNull();
    }

    @Test
    void fullQueueRefusesWithIntakeBusyAndRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ConsentGate blockingGate = (event, purpose) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return noRecords().decide(event, purpose);
        };
        intake(blockingGate, 1, 1);
        Submission one = new Submission("test", DEMO, List.of(Events.crashReport("e1", null)));

        CompletableFuture<List<EventOutcome>> running = intake.submit(one).toCompletableFuture();
        CompletableFuture<List<EventOutcome>> queued = intake.submit(one).toCompletableFuture();
        CompletableFuture<List<EventOutcome>> refused = intake.submit(one).toCompletableFuture();

        assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IntakeBusyException.class)
                .satisfies(e -> assertThat(((IntakeBusyException) e).retryAfter()).hasSeconds(3));
        release.countDown();
        assertThat(running.get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(queued.get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(registry.get("homeport.intake.busy").counter().count()).isEqualTo(1);
    }

    @Test
    void queueFullInBytesRefusesWithIntakeBusyUntilTheHeldSubmissionIsAnswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ConsentGate blockingGate = (event, purpose) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PolicyDefaultConsentGate().decide(event, purpose);
        };
        // room for submissions by the thousand, but not for two of these in bytes
        intake = new IntakeService(this::topology, blockingGate, journal, registry, 2, 1000, 3, 200_000,
                TimeWindow.DEFAULT);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            values.add(List.of()); // what a gzip of empty arrays becomes: small on the wire, an object each here
        }
        types.add(declared("app.samples", new EventType("app.samples", "", Set.of("crash-reports"),
                List.of(new org.homeport.api.catalog.FieldSpec("samples", org.homeport.api.catalog.FieldSpec.Kind.ARRAY, true)))));
        Submission heavy = new Submission("test", DEMO, List.of(Events.event("e1", "crash-reports", "app.samples", null,
                Map.of("samples", values))));
        assertThat(RetainedSize.of(heavy.events())).isBetween(150_000L, 200_000L);

        CompletableFuture<List<EventOutcome>> held = intake.submit(heavy).toCompletableFuture();
        CompletableFuture<List<EventOutcome>> refused = intake.submit(heavy).toCompletableFuture();

        assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IntakeBusyException.class)
                .satisfies(e -> assertThat(((IntakeBusyException) e).retryAfter()).hasSeconds(3));
        assertThat(registry.get("homeport.intake.queue.bytes").gauge().value()).isEqualTo(intake.queuedBytes())
                .isGreaterThan(150_000);
        release.countDown();
        assertThat(held.get(5, TimeUnit.SECONDS)).hasSize(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> intake.queuedBytes() == 0);
        assertThat(intake.submit(heavy).toCompletableFuture().get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(registry.get("homeport.intake.busy").counter().count()).isEqualTo(1);
    }

    @Test
    void eventTimesOutsideTheWindowAreRejectedWithTheirReason() throws Exception {
        java.time.Instant received = Events.NOW;
        purposes.add(declared("usage", new Purpose("usage", "", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT,
                false, java.time.Duration.ZERO, List.of(), 1)));
        types.add(declared("app.start", new EventType("app.start", "", Set.of("usage"), List.of())));

        List<EventOutcome> outcomes = submit(
                at("in-a-day", "crash-reports", "app.error", received.plus(java.time.Duration.ofDays(1))),
                at("year-9999", "crash-reports", "app.error", java.time.Instant.parse("9999-01-01T00:00:00Z")),
                at("retention-edge", "crash-reports", "app.error", received.minus(java.time.Duration.ofDays(30))),
                at("before-retention", "crash-reports", "app.error", received.minus(java.time.Duration.ofDays(31))),
                at("1970", "usage", "app.start", java.time.Instant.EPOCH),
                at("last-year", "usage", "app.start", received.minus(java.time.Duration.ofDays(364))));

        assertThat(outcomes).extracting(EventOutcome::status).containsExactly(Status.ACCEPTED, Status.REJECTED,
                Status.ACCEPTED, Status.REJECTED, Status.REJECTED, Status.ACCEPTED);
        assertThat(outcomes.get(1).reason()).isEqualTo("time-in-future");
        assertThat(outcomes.get(1).detail()).contains("1d").doesNotContain("9999");
        assertThat(outcomes.get(3).reason()).isEqualTo("time-too-old");
        assertThat(outcomes.get(3).detail()).contains("'crash-reports'").contains("30d");
        assertThat(outcomes.get(4).reason()).isEqualTo("time-too-old");
        assertThat(outcomes.get(4).detail()).contains("365d").doesNotContain("1970");
        assertThat(archive.stored).extracting(TelemetryEvent::id).containsExactly("in-a-day", "retention-edge", "last-year");
    }

    @Test
    void timeBoundsOfZeroAreOff() throws Exception {
        intake = new IntakeService(this::topology, new PolicyDefaultConsentGate(), journal, registry, 1, 16, 3,
                1 << 20, new TimeWindow(java.time.Duration.ZERO, java.time.Duration.ZERO));
        purposes.set(0, declared("crash-reports", new Purpose("crash-reports", "", LegalBasis.LEGITIMATE_INTEREST,
                ConsentDefault.OPT_OUT, false, java.time.Duration.ZERO, List.of(), 1)));

        assertThat(submit(at("far", "crash-reports", "app.error", java.time.Instant.parse("9999-01-01T00:00:00Z")),
                at("old", "crash-reports", "app.error", java.time.Instant.EPOCH)))
                .extracting(EventOutcome::status).containsExactly(Status.ACCEPTED, Status.ACCEPTED);
    }

    private static TelemetryEvent at(String id, String purpose, String type, java.time.Instant time) {
        return new TelemetryEvent(id, "demo", new org.homeport.api.event.Source("meet", "45.3.1", "d-8842"), null,
                purpose, type, time, Events.NOW, type.equals("app.error") ? Map.of("message", "m") : Map.of());
    }

    @Test
    void anonymousDecisionStripsSubjectAndDevice() throws Exception {
        purposes.set(0, declared("crash-reports", new Purpose("crash-reports", "", LegalBasis.LEGITIMATE_INTEREST,
                ConsentDefault.OPT_OUT, true, java.time.Duration.ZERO, List.of(), 1)));

        submit(Events.crashReport("e1", "user-1"));

        assertThat(archive.stored.get(0).subject()).isNull();
        assertThat(archive.stored.get(0).source().device()).isNull();
        assertThat(archive.stored.get(0).source().product()).isEqualTo("meet");
    }

    @Test
    void anonymizerThatThrowsFailsClosed() throws Exception {
        anonymizers.put("drop-fields", parameters -> event -> {
            throw new IllegalStateException("bug");
        });

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes.get(0).reason()).isEqualTo("anonymization-failed");
        assertThat(archive.stored).isEmpty();
    }

    @Test
    void eventNoValidPipelineSelectsIsHeldBackWhileAPipelineIsInvalid() throws Exception {
        pipelines.set(0, declared("default", new PipelineDefinition("default", Set.of("marketing"), Set.of(), Set.of(),
                List.of(), List.of("archive"))));
        pipelines.add(new Declared<>("typo", null, "pipeline 'typo': names no sink in 'sinks'"));

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.DEFERRED);
        assertThat(outcomes.get(0).detail()).contains("'typo'");
    }

    @Test
    void eventNoPipelineSelectsIsAcceptedAndCountedAsUnrouted() throws Exception {
        pipelines.set(0, declared("default", new PipelineDefinition("default", Set.of("marketing"), Set.of(), Set.of(),
                List.of(), List.of("archive"))));

        List<EventOutcome> outcomes = submit(Events.crashReport("e1", "user-1"));

        assertThat(outcomes.get(0).status()).isEqualTo(Status.ACCEPTED);
        assertThat(archive.stored).isEmpty();
        assertThat(registry.get("homeport.events.unrouted").tag("purpose", "crash-reports").counter().count()).isEqualTo(1);
    }

    @Test
    void overlongIdIsRejectedBeforeItCanBecomeASinkKey() throws Exception {
        List<EventOutcome> outcomes = submit(Events.crashReport("x".repeat(129), "user-1"));

        assertThat(outcomes.get(0).reason()).isEqualTo("invalid-id");
        assertThat(archive.stored).isEmpty();
    }

    /** Stores what it is given and acknowledges at once. */
    static final class RecordingSink implements Sink {
        final List<TelemetryEvent> stored = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> write(List<TelemetryEvent> batch) {
            stored.addAll(batch);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** A minimal drop-fields of our own, so the core is tested without the plugin. */
    static final class DropFields implements Anonymizer {
        @Override
        public org.homeport.api.anonymize.AnonymizerStep configure(Map<String, String> parameters) {
            AtomicReference<FieldPath> path = new AtomicReference<>(FieldPath.parse(parameters.get("fields")));
            return event -> path.get().remove(event);
        }
    }
}
