package org.homeport.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.journal.JournalFullException;
import org.homeport.api.journal.RoutedEvent;
import org.homeport.api.journal.SinkBacklog;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SinkRefusedException;
import org.homeport.api.sink.SubjectQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalServiceTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<JournalService> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (JournalService journal : opened) {
            journal.deactivate();
        }
    }

    private JournalService open() throws Exception {
        return open(JournalSettings.defaults().withSegmentBytes(5L * 1024 * 1024), 64L * 1024 * 1024);
    }

    private JournalService open(JournalSettings settings, long memoryBytes) throws Exception {
        JournalService journal = new JournalService(dir, settings,
                new DeliverySettings(100, 4L * 1024 * 1024, Duration.ofMillis(20), Duration.ofMillis(200),
                        Duration.ofSeconds(2), 4),
                Duration.ofSeconds(3), memoryBytes, 32L * 1024 * 1024, registry, Clock.systemUTC());
        opened.add(journal);
        return journal;
    }

    private void stop(JournalService journal) throws Exception {
        journal.deactivate();
        opened.remove(journal);
    }

    /** A sink that stores what it is given, or answers as {@link #answer} says. */
    static final class TestSink implements Sink {
        final List<TelemetryEvent> stored = new CopyOnWriteArrayList<>();
        final AtomicInteger writes = new AtomicInteger();
        volatile Function<List<TelemetryEvent>, CompletionStage<Void>> answer;

        @Override
        public CompletionStage<Void> write(List<TelemetryEvent> batch) {
            writes.incrementAndGet();
            Function<List<TelemetryEvent>, CompletionStage<Void>> custom = answer;
            if (custom != null) {
                CompletionStage<Void> result = custom.apply(batch);
                if (result != null) {
                    return result;
                }
            }
            stored.addAll(batch);
            return CompletableFuture.completedFuture(null);
        }

        List<String> ids() {
            return stored.stream().map(TelemetryEvent::id).toList();
        }
    }

    private static void bind(JournalService journal, String name, Sink sink) {
        journal.bindSink(sink, Map.of(Sink.NAME_PROPERTY, name));
    }

    /** Binds a sink that declares it accepts {@code batches} writes before the first is acknowledged. */
    private static void bindConcurrent(JournalService journal, String name, Sink sink, Object batches) {
        journal.bindSink(sink, Map.of(Sink.NAME_PROPERTY, name, Sink.CONCURRENT_WRITES_PROPERTY, batches));
    }

    static TelemetryEvent event(String id, String subject) {
        return event(id, subject, "crash-reports", NOW, "x");
    }

    static TelemetryEvent event(String id, String subject, String purpose, Instant time, String message) {
        return new TelemetryEvent(id, "demo", new Source("meet", "45.3.1", "d-1"), subject, purpose, "app.error", time,
                NOW, Map.of("message", message, "n", 42L, "ratio", 0.5, "tags", List.of("a", true)));
    }

    private static List<RoutedEvent> routed(Set<String> sinks, TelemetryEvent... events) {
        return Stream.of(events).map(event -> new RoutedEvent(event, sinks)).toList();
    }

    private static void appendNow(JournalService journal, List<RoutedEvent> batch) throws Exception {
        journal.append(batch).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static SinkBacklog backlog(JournalService journal, String sink) {
        return journal.backlog().stream().filter(b -> b.sink().equals(sink)).findFirst().orElseThrow();
    }

    @Test
    void anAppendIsDeliveredToEachNamedSinkOnlyAndInOrder() throws Exception {
        JournalService journal = open();
        TestSink file = new TestSink();
        TestSink es = new TestSink();
        TestSink other = new TestSink();
        bind(journal, "file", file);
        bind(journal, "es", es);
        bind(journal, "other", other);

        appendNow(journal, routed(Set.of("file", "es"), event("e1", "u1"), event("e2", "u2")));
        appendNow(journal, routed(Set.of("file"), event("e3", "u3")));

        await().atMost(10, TimeUnit.SECONDS).until(() -> file.stored.size() == 3 && es.stored.size() == 2);
        assertThat(file.ids()).containsExactly("e1", "e2", "e3");
        assertThat(es.ids()).containsExactly("e1", "e2");
        assertThat(other.stored).isEmpty();
        assertThat(file.stored.get(0)).as("the event comes back as it went in").isEqualTo(event("e1", "u1"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "file").events() == 0);
        assertThat(registry.get("homeport.journal.delivered").tag("sink", "file").counter().count()).isEqualTo(3);
    }

    @Test
    void aFailingSinkIsRetriedWithoutHoldingBackTheOthers() throws Exception {
        JournalService journal = open();
        TestSink file = new TestSink();
        TestSink es = new TestSink();
        AtomicInteger failuresLeft = new AtomicInteger(5);
        es.answer = batch -> failuresLeft.getAndDecrement() > 0
                ? CompletableFuture.failedFuture(new java.io.IOException("connection refused")) : null;
        bind(journal, "file", file);
        bind(journal, "es", es);

        appendNow(journal, routed(Set.of("file", "es"), event("e1", "u1"), event("e2", "u2")));

        await().atMost(10, TimeUnit.SECONDS).until(() -> file.stored.size() == 2);
        await().atMost(10, TimeUnit.SECONDS).until(() -> es.stored.size() == 2);
        assertThat(es.ids()).containsExactly("e1", "e2");
        assertThat(es.writes.get()).isEqualTo(6);
        assertThat(registry.get("homeport.journal.retries").tag("sink", "es").counter().count()).isEqualTo(5);
    }

    /** {@code n} events, ids {@code prefix-0} … */
    private static TelemetryEvent[] events(String prefix, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> event(prefix + "-" + i, "u" + i))
                .toArray(TelemetryEvent[]::new);
    }

    /** A sink that holds every write's answer for the test to give. */
    private static List<CompletableFuture<Void>> holdAnswers(TestSink sink, List<List<TelemetryEvent>> handed) {
        List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
        sink.answer = batch -> {
            CompletableFuture<Void> answer = new CompletableFuture<>();
            handed.add(batch);
            held.add(answer);
            return answer;
        };
        return held;
    }

    @Test
    void batchesAreHandedOnBeforeTheFirstIsAcknowledgedAndTheCursorMovesInOrder() throws Exception {
        JournalService journal = open();
        TestSink sink = new TestSink();
        List<List<TelemetryEvent>> handed = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> held = holdAnswers(sink, handed);
        bindConcurrent(journal, "file", sink, 8);
        // one record of 150 events is more than a batch of 100: each record is a batch of its own
        for (int r = 0; r < 6; r++) {
            appendNow(journal, routed(Set.of("file"), events("r" + r, 150)));
        }

        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 4);
        assertThat(backlog(journal, "file").events()).isEqualTo(900);
        assertThat(handed.get(0).get(0).id()).isEqualTo("r0-0");
        assertThat(handed.get(3).get(0).id()).isEqualTo("r3-0");

        held.get(1).complete(null);
        held.get(0).complete(null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "file").events() == 600);
        // the second came back first: the cursor moved past both only once the first was acknowledged too
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 6);
        held.forEach(answer -> answer.complete(null));
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "file").events() == 0);
        assertThat(handed).hasSize(6);
        assertThat(registry.get("homeport.journal.delivered").tag("sink", "file").counter().count()).isEqualTo(900);
    }

    @Test
    void whileABatchIsWithTheSinkSmallRecordsWaitAndGoTogether() throws Exception {
        JournalService journal = open();
        TestSink sink = new TestSink();
        List<List<TelemetryEvent>> handed = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> held = holdAnswers(sink, handed);
        bindConcurrent(journal, "file", sink, 8);
        appendNow(journal, routed(Set.of("file"), events("first", 10)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 1);
        // four records of 10 events: less than half a batch of 100, so they wait for the first answer
        for (int r = 0; r < 4; r++) {
            appendNow(journal, routed(Set.of("file"), events("small" + r, 10)));
        }
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> held.size() == 1);
        // a record of 70 more makes 110, a full batch: handed over before the first is answered
        appendNow(journal, routed(Set.of("file"), events("large", 70)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 2);
        assertThat(handed.get(1)).hasSize(110);
        held.forEach(answer -> answer.complete(null));
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "file").events() == 0);
    }

    @Test
    void aSinkThatDeclaresNoConcurrentWritesGetsOneBatchAtATime() throws Exception {
        JournalService journal = open();
        TestSink sink = new TestSink();
        List<List<TelemetryEvent>> handed = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> held = holdAnswers(sink, handed);
        bind(journal, "file", sink);
        for (int r = 0; r < 3; r++) {
            appendNow(journal, routed(Set.of("file"), events("r" + r, 150)));
        }

        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 1);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> held.size() == 1);
        held.get(0).complete(null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 2);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> held.size() == 2);
        held.get(1).complete(null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 3);
        held.get(2).complete(null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "file").events() == 0);
    }

    @Test
    void theJournalHandsOverNoMoreThanTheSinkDeclaresNorMoreThanItsOwnLimit() throws Exception {
        JournalService journal = open();
        TestSink two = new TestSink();
        List<List<TelemetryEvent>> handedToTwo = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> heldByTwo = holdAnswers(two, handedToTwo);
        bindConcurrent(journal, "two", two, "2");
        TestSink many = new TestSink();
        List<List<TelemetryEvent>> handedToMany = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> heldByMany = holdAnswers(many, handedToMany);
        bindConcurrent(journal, "many", many, 1000);
        for (int r = 0; r < 8; r++) {
            appendNow(journal, routed(Set.of("two", "many"), events("r" + r, 150)));
        }

        await().atMost(10, TimeUnit.SECONDS).until(() -> heldByTwo.size() == 2 && heldByMany.size() == 4);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                .until(() -> heldByTwo.size() == 2 && heldByMany.size() == 4);
        assertThat(JournalService.declaredConcurrentWrites("not a number")).isEqualTo(1);
        assertThat(JournalService.declaredConcurrentWrites(-3)).isEqualTo(1);
        assertThat(JournalService.declaredConcurrentWrites((Object) null)).isEqualTo(1);
    }

    @Test
    void aFailedBatchIsSentAgainWithTheBatchesBehindItAndNothingIsSkipped() throws Exception {
        JournalService journal = open();
        TestSink sink = new TestSink();
        List<List<TelemetryEvent>> handed = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> held = holdAnswers(sink, handed);
        bindConcurrent(journal, "file", sink, 8);
        for (int r = 0; r < 4; r++) {
            appendNow(journal, routed(Set.of("file"), events("r" + r, 150)));
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 4);

        // the later ones are stored, the first is not
        for (int i = 1; i < 4; i++) {
            sink.stored.addAll(handed.get(i));
            held.get(i).complete(null);
        }
        sink.answer = null;
        held.get(0).completeExceptionally(new java.io.IOException("disk full"));

        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "file").events() == 0);
        Set<String> expected = Stream.of(0, 1, 2, 3).flatMap(r -> Stream.of(events("r" + r, 150)))
                .map(TelemetryEvent::id).collect(java.util.stream.Collectors.toSet());
        assertThat(Set.copyOf(sink.ids())).isEqualTo(expected);
        assertThat(sink.ids()).as("at least once: the three batches behind the failed one were sent again")
                .hasSize(150 * 4 + 150 * 3);
        assertThat(registry.get("homeport.journal.retries").tag("sink", "file").counter().count()).isEqualTo(1);
    }

    @Test
    void theBacklogOfASinkThatIsDownShowsEventsBytesAgeAndItsLastError() throws Exception {
        JournalService journal = open();
        TestSink es = new TestSink();
        es.answer = batch -> CompletableFuture.failedFuture(new java.io.IOException("connection refused"));
        bind(journal, "es", es);

        appendNow(journal, routed(Set.of("es"), event("e1", "u1"), event("e2", "u2"), event("e3", "u3")));

        await().atMost(10, TimeUnit.SECONDS).until(() -> "retrying".equals(backlog(journal, "es").state()));
        SinkBacklog backlog = backlog(journal, "es");
        assertThat(backlog.events()).isEqualTo(3);
        assertThat(backlog.bytes()).isPositive();
        assertThat(backlog.lastError()).contains("connection refused");
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "es").oldest().toMillis() >= 100);
        assertThat(registry.get("homeport.journal.backlog.events").tag("sink", "es").gauge().value()).isEqualTo(3);

        es.answer = null;
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "es").events() == 0);
        assertThat(backlog(journal, "es").oldest()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aSinkThatIsNotRegisteredGetsItsEventsOnceItIs() throws Exception {
        JournalService journal = open();
        appendNow(journal, routed(Set.of("later"), event("e1", "u1")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> "sink-missing".equals(backlog(journal, "later").state()));

        TestSink later = new TestSink();
        bind(journal, "later", later);

        await().atMost(10, TimeUnit.SECONDS).until(() -> later.stored.size() == 1);
    }

    @Test
    void aRestartResumesEachSinkFromItsStoredCursor() throws Exception {
        JournalService journal = open();
        TestSink file = new TestSink();
        bind(journal, "file", file);
        appendNow(journal, routed(Set.of("file", "es"), event("e1", "u1"), event("e2", "u2")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> file.stored.size() == 2);
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "file").events() == 0);
        stop(journal);

        JournalService reopened = open();
        TestSink file2 = new TestSink();
        TestSink es = new TestSink();
        assertThat(backlog(reopened, "es").events()).as("counted again from the journal").isEqualTo(2);
        assertThat(backlog(reopened, "file").events()).isZero();
        bind(reopened, "file", file2);
        bind(reopened, "es", es);
        appendNow(reopened, routed(Set.of("file"), event("e3", "u3")));

        await().atMost(10, TimeUnit.SECONDS).until(() -> es.stored.size() == 2 && file2.stored.size() == 1);
        assertThat(file2.ids()).as("what the file sink acknowledged is not sent again").containsExactly("e3");
        assertThat(es.ids()).containsExactly("e1", "e2");
    }

    @Test
    void eventsReadFromDiskAreDeliveredLikeThoseInMemory() throws Exception {
        JournalService journal = open(JournalSettings.defaults().withSegmentBytes(5L * 1024 * 1024), 0);
        TestSink file = new TestSink();
        for (int i = 0; i < 30; i++) {
            appendNow(journal, routed(Set.of("file"), event("e" + i, "u" + i)));
        }
        bind(journal, "file", file);

        await().atMost(10, TimeUnit.SECONDS).until(() -> file.stored.size() == 30);
        assertThat(file.stored.get(7)).isEqualTo(event("e7", "u7"));
    }

    @Test
    void eventsASinkRefusesForGoodGoToItsDeadLettersAndCanBeReplayed() throws Exception {
        JournalService journal = open();
        TestSink es = new TestSink();
        es.answer = batch -> batch.stream().anyMatch(e -> e.id().equals("bad"))
                ? CompletableFuture.failedFuture(new SinkRefusedException("mapping conflict on attributes.n", Set.of("bad")))
                : null;
        bind(journal, "es", es);

        appendNow(journal, routed(Set.of("es"), event("good", "u1"), event("bad", "u2")));

        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "es").deadLetters() == 1);
        List<org.homeport.journal.api.DeadLetterView> dead = journal.deadLetters("es", 10);
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.eventId()).isEqualTo("bad");
            assertThat(letter.purpose()).isEqualTo("crash-reports");
            assertThat(letter.reason()).isEqualTo("mapping conflict on attributes.n");
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "es").events() == 0);
        assertThat(es.stored).as("the refused batch is not stored by the sink").isEmpty();

        es.answer = null;
        assertThat(journal.replayDeadLetters("es")).isEqualTo(1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> es.ids().contains("bad"));
        assertThat(journal.deadLetters("es", 10)).isEmpty();
        assertThat(backlog(journal, "es").deadLetters()).isZero();
    }

    @Test
    void deadLettersSurviveARestart() throws Exception {
        JournalService journal = open();
        TestSink es = new TestSink();
        es.answer = batch -> CompletableFuture.failedFuture(new SinkRefusedException("too large", Set.of()));
        bind(journal, "es", es);
        appendNow(journal, routed(Set.of("es"), event("e1", "u1"), event("e2", "u2")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "es").deadLetters() == 2);
        stop(journal);

        JournalService reopened = open();

        assertThat(backlog(reopened, "es").deadLetters()).isEqualTo(2);
        assertThat(reopened.deadLetters("es", 10)).extracting(letter -> letter.eventId()).containsExactly("e1", "e2");
    }

    @Test
    void aFullJournalRefusesAppendsWithRetryAfterAndTakesThemAgainOnceDrained() throws Exception {
        long segment = JournalSettings.DEFAULT_MAX_RECORD_BYTES + 1024;
        JournalService journal = open(JournalSettings.defaults().withSegmentBytes(segment).withQuotaBytes(2 * segment), 0);
        String big = "x".repeat(200_000);
        int taken = 0;
        JournalFullException full = null;
        for (int i = 0; i < 200 && full == null; i++) {
            try {
                appendNow(journal, routed(Set.of("es"), event("e" + i, "u", "crash-reports", NOW, big)));
                taken++;
            } catch (ExecutionException e) {
                full = (JournalFullException) e.getCause();
            }
        }
        assertThat(full).as("the quota is reached").isNotNull();
        assertThat(full.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(taken).isBetween(30, 60);
        assertThat(registry.get("homeport.journal.full").counter().count()).isEqualTo(1);

        TestSink es = new TestSink();
        bind(journal, "es", es);
        int appended = taken;
        await().atMost(20, TimeUnit.SECONDS).until(() -> es.stored.size() == appended);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                appendNow(journal, routed(Set.of("es"), event("after", "u", "crash-reports", NOW, big))));
    }

    @Test
    void segmentsEverySinkHasAreDeleted() throws Exception {
        long segment = JournalSettings.DEFAULT_MAX_RECORD_BYTES + 1024;
        JournalService journal = open(JournalSettings.defaults().withSegmentBytes(segment), 0);
        String big = "x".repeat(300_000);
        for (int i = 0; i < 40; i++) {
            appendNow(journal, routed(Set.of("es"), event("e" + i, "u", "crash-reports", NOW, big)));
        }
        long before = segments().size();
        assertThat(before).isGreaterThan(2);

        TestSink es = new TestSink();
        bind(journal, "es", es);
        await().atMost(20, TimeUnit.SECONDS).until(() -> es.stored.size() == 40);
        await().atMost(10, TimeUnit.SECONDS).until(() -> segments().size() == 1);
        assertThat(journal.usedBytes()).isLessThan(segment);
    }

    @Test
    void whatEverySinkHadBeforeARestartWithASmallerQuotaIsDeletedAtOnce() throws Exception {
        long bigSegment = 3L * JournalSettings.DEFAULT_MAX_RECORD_BYTES;
        JournalService journal = open(JournalSettings.defaults().withSegmentBytes(bigSegment), 0);
        TestSink file = new TestSink();
        bind(journal, "file", file);
        String big = "x".repeat(300_000);
        for (int i = 0; i < 30; i++) {
            appendNow(journal, routed(Set.of("file"), event("e" + i, "u", "crash-reports", NOW, big)));
        }
        await().atMost(20, TimeUnit.SECONDS).until(() -> file.stored.size() == 30);
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "file").events() == 0);
        stop(journal);

        long segment = JournalSettings.DEFAULT_MAX_RECORD_BYTES + 1024;
        JournalService smaller = open(JournalSettings.defaults().withSegmentBytes(segment).withQuotaBytes(2 * segment), 0);
        bind(smaller, "file", new TestSink());

        assertThat(smaller.usedBytes()).as("the delivered 9 MB are gone").isLessThan(segment);
        for (int i = 0; i < 10; i++) {
            appendNow(smaller, routed(Set.of("file"), event("n" + i, "u", "crash-reports", NOW, big)));
        }
    }

    @Test
    void theSegmentBeingWrittenGoesTooOnceEverySinkHasItAndItIsLarge() throws Exception {
        long segment = JournalSettings.DEFAULT_MAX_RECORD_BYTES + 1024;
        JournalService journal = open(JournalSettings.defaults().withSegmentBytes(segment).withQuotaBytes(2 * segment), 0);
        TestSink file = new TestSink();
        bind(journal, "file", file);
        String big = "x".repeat(300_000);

        for (int i = 0; i < 60; i++) {
            int n = i;
            await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().untilAsserted(() ->
                    appendNow(journal, routed(Set.of("file"), event("e" + n, "u", "crash-reports", NOW, big))));
        }

        await().atMost(20, TimeUnit.SECONDS).until(() -> file.stored.size() == 60);
        await().atMost(10, TimeUnit.SECONDS).until(() -> journal.usedBytes() <= segment / 4 + 1024);
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("segments"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).toList();
        }
    }

    @Test
    void anErasureRemovesWaitingEventsFromTheJournalFilesAndTheyNeverReachTheSink() throws Exception {
        JournalService journal = open();
        appendNow(journal, routed(Set.of("es"), event("e1", "user-4711-erase-me"), event("e2", "user-2")));
        appendNow(journal, routed(Set.of("es"), event("e3", "user-4711-erase-me")));
        assertThat(segmentBytesContain("user-4711-erase-me")).isTrue();

        long erased = journal.eraseAll(List.of(new SubjectQuery("demo", "user-4711-erase-me", null, Set.of())))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(erased).isEqualTo(2);
        assertThat(segmentBytesContain("user-4711-erase-me")).as("gone from disk, not only hidden").isFalse();
        assertThat(backlog(journal, "es").events()).isEqualTo(1);
        TestSink es = new TestSink();
        bind(journal, "es", es);
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "es").events() == 0 && es.stored.size() == 1);
        assertThat(es.ids()).containsExactly("e2");
    }

    @Test
    void anErasureWithholdsEventsFromABatchAlreadyReadForAStalledSink() throws Exception {
        JournalService journal = open();
        TestSink es = new TestSink();
        CompletableFuture<Void> stall = new CompletableFuture<>();
        AtomicInteger attempts = new AtomicInteger();
        es.answer = batch -> attempts.incrementAndGet() == 1 ? stall : null;
        bind(journal, "es", es);
        appendNow(journal, routed(Set.of("es"), event("e1", "user-9"), event("e2", "user-2")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> attempts.get() == 1);

        journal.eraseAll(List.of(new SubjectQuery("demo", "user-9", null, Set.of()))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        stall.completeExceptionally(new java.io.IOException("timed out"));

        await().atMost(10, TimeUnit.SECONDS).until(() -> es.stored.size() == 1);
        assertThat(es.ids()).as("the retry is filtered again").containsExactly("e2");
        assertThat(registry.get("homeport.journal.withheld").tags("sink", "es", "reason", "erased").counter().count())
                .isEqualTo(1);
    }

    @Test
    void anErasureAlsoRemovesDeadLettersAndAnExportFindsWhatWaits() throws Exception {
        JournalService journal = open();
        TestSink es = new TestSink();
        es.answer = batch -> CompletableFuture.failedFuture(new SinkRefusedException("no", Set.of("d1")));
        bind(journal, "es", es);
        appendNow(journal, routed(Set.of("es"), event("d1", "user-7")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> backlog(journal, "es").deadLetters() == 1);
        appendNow(journal, routed(Set.of("nowhere"), event("w1", "user-7"), event("w2", "user-8")));

        Path export = dir.resolve("export.jsonl");
        long exported = journal.export(new SubjectQuery("demo", "user-7", null, Set.of()), export)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(exported).isEqualTo(2);
        assertThat(Files.readString(export)).contains("\"id\":\"d1\"").contains("\"id\":\"w1\"").doesNotContain("w2");

        long erased = journal.erase(new SubjectQuery("demo", "user-7", null, Set.of())).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(erased).as("w1 and the dead letter d1; d1's delivered copy is removed but not counted").isEqualTo(2);
        assertThat(journal.deadLetters("es", 10)).isEmpty();
        assertThat(backlog(journal, "nowhere").events()).isEqualTo(1);
    }

    private boolean segmentBytesContain(String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (Path segment : segments()) {
            byte[] bytes = Files.readAllBytes(segment);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    @Test
    void eventsPastTheirPurposesRetentionAreNotDelivered() throws Exception {
        JournalService journal = open();
        journal.bindCatalog(new OneRetentionCatalog("crash-reports", Duration.ofDays(30)));
        TestSink file = new TestSink();
        bind(journal, "file", file);

        appendNow(journal, routed(Set.of("file"), event("old", "u", "crash-reports", NOW.minus(Duration.ofDays(31)), "m"),
                event("fresh", "u", "crash-reports", NOW.minus(Duration.ofDays(29)), "m"),
                event("other", "u", "usage", NOW.minus(Duration.ofDays(400)), "m")));

        await().atMost(10, TimeUnit.SECONDS).until(() -> file.stored.size() == 2);
        assertThat(file.ids()).containsExactly("fresh", "other");
        assertThat(registry.get("homeport.journal.withheld").tags("sink", "file", "reason", "retention").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aReplayAppendsARangeAgainForTheNamedSinkOnly() throws Exception {
        JournalService journal = open();
        TestSink file = new TestSink();
        TestSink es = new TestSink();
        bind(journal, "file", file);
        bind(journal, "es", es);
        appendNow(journal, routed(Set.of("file"), event("e1", "u1")));
        appendNow(journal, routed(Set.of("file"), event("e2", "u2")));
        appendNow(journal, routed(Set.of("es"), event("e3", "u3")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> file.stored.size() == 2 && es.stored.size() == 1);

        long replayed = journal.replay("es", "file", 2, 3, 1000);

        assertThat(replayed).as("only what 'file' got in sequences 2..3").isEqualTo(1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> es.stored.size() == 2);
        assertThat(es.ids()).containsExactly("e3", "e2");
        assertThat(file.ids()).containsExactly("e1", "e2");
    }

    @Test
    void operatorsNamingAnUnknownSinkABadRangeOrAnAggregatingSourceAreTurnedAway() throws Exception {
        JournalService journal = open();
        bind(journal, "file", new TestSink());
        journal.bindSink(new TestSink(), Map.of(Sink.NAME_PROPERTY, "counts", Sink.AGGREGATING_PROPERTY, true));

        assertThatThrownBy(() -> journal.deadLetters("nope", 10)).isInstanceOfSatisfying(
                org.homeport.journal.api.JournalOperationException.class,
                e -> assertThat(e.kind()).isEqualTo(org.homeport.journal.api.JournalOperationException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> journal.replay("file", "file", 5, 2, 10)).isInstanceOfSatisfying(
                org.homeport.journal.api.JournalOperationException.class,
                e -> assertThat(e.kind()).isEqualTo(org.homeport.journal.api.JournalOperationException.Kind.INVALID));
        assertThatThrownBy(() -> journal.replay("file", "counts", 1, 2, 10)).isInstanceOfSatisfying(
                org.homeport.journal.api.JournalOperationException.class,
                e -> assertThat(e.getMessage()).contains("k-anonymous"));
    }

    @Test
    void aDamagedCursorSendsEverythingAgainRatherThanLoseAnything() throws Exception {
        JournalService journal = open();
        TestSink file = new TestSink();
        bind(journal, "file", file);
        appendNow(journal, routed(Set.of("file"), event("e1", "u1")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> file.stored.size() == 1);
        stop(journal);
        Files.write(dir.resolve("cursors").resolve("file.cursor"), new byte[] {1, 2, 3});

        JournalService reopened = open();
        TestSink again = new TestSink();
        bind(reopened, "file", again);

        await().atMost(10, TimeUnit.SECONDS).until(() -> again.stored.size() == 1);
    }

    @Test
    void appendingNothingIsDoneAtOnceAndARoutedEventNeedsASink() {
        assertThatThrownBy(() -> new RoutedEvent(event("e1", "u1"), Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Declares one purpose with a retention; everything else is unknown. */
    record OneRetentionCatalog(String purpose, Duration retention) implements Catalog {
        @Override
        public Collection<Purpose> purposes() {
            return List.of(declared());
        }

        @Override
        public Optional<Purpose> purpose(String id) {
            return id.equals(purpose) ? Optional.of(declared()) : Optional.empty();
        }

        private Purpose declared() {
            return new Purpose(purpose, "", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT, false, retention,
                    List.of(), 1);
        }

        @Override
        public Collection<EventType> eventTypes() {
            return List.of();
        }

        @Override
        public Optional<EventType> eventType(String id) {
            return Optional.empty();
        }
    }
}
