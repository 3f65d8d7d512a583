package org.homeport.sink.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.SinkRefusedException;
import org.homeport.api.util.EventJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkWriterTest {
    private static final Instant DAY = Instant.parse("2026-11-23T10:00:01Z");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<List<BulkTransport.Doc>> requests = new CopyOnWriteArrayList<>();
    private final CountingMetrics metrics = new CountingMetrics();
    private Function<List<BulkTransport.Doc>, CompletableFuture<List<BulkTransport.ItemResult>>> answer =
            docs -> CompletableFuture.completedFuture(all(docs, 201, null));
    private final Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(8), 4);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private BulkWriter writer(long maxBytes) {
        BulkTransport transport = (docs, bytes) -> {
            requests.add(List.copyOf(docs));
            return answer.apply(docs);
        };
        return new BulkWriter("es", new IndexNames("homeport-{tenant}-{purpose}-{yyyy.MM.dd}"), transport, backoff,
                maxBytes, 10_000, scheduler, metrics, System::currentTimeMillis);
    }

    private static TelemetryEvent event(String id) {
        return event(id, "acme", "crash-reports");
    }

    private static TelemetryEvent event(String id, String tenant, String purpose) {
        return new TelemetryEvent(id, tenant, new Source("meet", "45.3.1", "d-1"), "user-1", purpose, "app.error",
                DAY.minusSeconds(1), DAY, Map.of("n", 1));
    }

    private static List<BulkTransport.ItemResult> all(List<BulkTransport.Doc> docs, int status, String type) {
        return docs.stream().map(doc -> new BulkTransport.ItemResult(status, type)).toList();
    }

    private static Throwable failureOf(CompletableFuture<Void> write) {
        assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return write.handle((ok, failure) -> failure).join();
    }

    @Test
    void writesOneDocumentPerEventWithTheEventIdAsIdInItsDailyIndex() throws Exception {
        TelemetryEvent e1 = event("e1");
        writer(1 << 20).write(List.of(e1, event("e2", "globex", "usage-metering"))).get(10, TimeUnit.SECONDS);

        assertThat(requests).hasSize(1);
        BulkTransport.Doc first = requests.get(0).get(0);
        assertThat(first.id()).isEqualTo("e1");
        assertThat(first.index()).isEqualTo("homeport-acme-crash-reports-2026.11.23");
        assertThat(new String(first.source(), StandardCharsets.UTF_8)).isEqualTo(EventJson.toJson(e1));
        assertThat(requests.get(0).get(1).index()).isEqualTo("homeport-globex-usage-metering-2026.11.23");
        assertThat(metrics.docs.get()).isEqualTo(2);
    }

    @Test
    void refusesOnlyTheItemsElasticsearchRefusesForGoodAndStoresTheRest() {
        answer = docs -> CompletableFuture.completedFuture(docs.stream()
                .map(doc -> doc.id().equals("bad") ? new BulkTransport.ItemResult(400, "document_parsing_exception")
                        : new BulkTransport.ItemResult(201, null)).toList());

        Throwable failure = failureOf(writer(1 << 20).write(List.of(event("e1"), event("bad"), event("e3"))));

        assertThat(failure).isInstanceOf(SinkRefusedException.class);
        assertThat(((SinkRefusedException) failure).eventIds()).containsExactly("bad");
        assertThat(failure.getMessage()).contains("document_parsing_exception").contains("HTTP 400");
        assertThat(requests).as("a refused item is not sent again").hasSize(1);
        assertThat(metrics.refused.get()).isEqualTo(1);
    }

    @Test
    void resendsOnlyTheItemsThatMaySucceedLater() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        answer = docs -> CompletableFuture.completedFuture(calls.incrementAndGet() == 1
                ? docs.stream().map(doc -> doc.id().equals("e2") ? new BulkTransport.ItemResult(503, "unavailable_shards_exception")
                        : new BulkTransport.ItemResult(201, null)).toList()
                : all(docs, 201, null));

        writer(1 << 20).write(List.of(event("e1"), event("e2"), event("e3"))).get(10, TimeUnit.SECONDS);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).extracting(BulkTransport.Doc::id).containsExactly("e2");
        assertThat(metrics.retried.get()).isEqualTo(1);
    }

    @Test
    void aRefusalWaitsUntilTheRetriedItemsAreStored() {
        AtomicInteger calls = new AtomicInteger();
        answer = docs -> CompletableFuture.completedFuture(docs.stream().map(doc -> switch (doc.id()) {
            case "bad" -> new BulkTransport.ItemResult(400, "mapper_parsing_exception");
            case "busy" -> calls.incrementAndGet() == 1 ? new BulkTransport.ItemResult(429, "es_rejected_execution_exception")
                    : new BulkTransport.ItemResult(201, null);
            default -> new BulkTransport.ItemResult(201, null);
        }).toList());

        Throwable failure = failureOf(writer(1 << 20).write(List.of(event("bad"), event("busy"), event("ok"))));

        assertThat(((SinkRefusedException) failure).eventIds()).containsExactly("bad");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).extracting(BulkTransport.Doc::id).containsExactly("busy");
        assertThat(metrics.throttled.get()).isEqualTo(1);
    }

    @Test
    void tooManyRequestsSlowLaterRequestsDown() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        answer = docs -> CompletableFuture.completedFuture(calls.incrementAndGet() <= 2 ? all(docs, 429, "x") : all(docs, 201, null));
        BulkWriter writer = writer(1 << 20);

        writer.write(List.of(event("e1"))).get(10, TimeUnit.SECONDS);

        assertThat(backoff.pauseMillis()).as("1, 2 after two 429s, halved after the success").isEqualTo(1);
        assertThat(metrics.throttled.get()).isEqualTo(2);
    }

    @Test
    void givesTheBatchBackToTheJournalWhenRetriesRunOut() {
        answer = docs -> CompletableFuture.completedFuture(all(docs, 503, "unavailable_shards_exception"));

        Throwable failure = failureOf(writer(1 << 20).write(List.of(event("e1"), event("e2"))));

        assertThat(failure).isNotInstanceOf(SinkRefusedException.class).hasMessageContaining("2 of 2 events not stored")
                .hasMessageContaining("HTTP 503");
        assertThat(requests).hasSize(4);
        assertThat(metrics.failed.get()).isEqualTo(1);
    }

    @Test
    void retriesARequestThatGotNoAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        answer = docs -> calls.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new BulkTransport.RequestFailedException(0, "ConnectException", null))
                : CompletableFuture.completedFuture(all(docs, 201, null));

        writer(1 << 20).write(List.of(event("e1"), event("e2"))).get(10, TimeUnit.SECONDS);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).hasSize(2);
        assertThat(metrics.unanswered.get()).isEqualTo(1);
        assertThat(metrics.unreached.get()).as("no answer: the cluster was not reached").isEqualTo(1);
    }

    @Test
    void findsTheDocumentThatMadeAWholeRequestRefusedByHalving() {
        answer = docs -> docs.stream().anyMatch(doc -> doc.id().equals("bad"))
                ? CompletableFuture.failedFuture(new BulkTransport.RequestFailedException(400, "x_content_parse_exception", null))
                : CompletableFuture.completedFuture(all(docs, 201, null));

        Throwable failure = failureOf(writer(1 << 20).write(List.of(event("e1"), event("e2"), event("bad"), event("e4"))));

        assertThat(((SinkRefusedException) failure).eventIds()).containsExactly("bad");
        assertThat(metrics.unreached.get()).as("an HTTP 400 is an answer: the cluster is reachable").isZero();
        List<String> stored = new ArrayList<>();
        requests.stream().filter(r -> r.stream().noneMatch(d -> d.id().equals("bad")))
                .forEach(r -> r.forEach(d -> stored.add(d.id())));
        assertThat(stored).containsExactlyInAnyOrder("e1", "e2", "e4");
    }

    @Test
    void refusesEventsWhoseIdsCannotNameAnIndexWithoutSendingThem() {
        Throwable failure = failureOf(writer(1 << 20).write(List.of(event("e1", "ACME", "p"), event("e2"))));

        assertThat(((SinkRefusedException) failure).eventIds()).containsExactly("e1");
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).extracting(BulkTransport.Doc::id).containsExactly("e2");
    }

    @Test
    void splitsABatchIntoRequestsOfAtMostTheConfiguredSize() throws Exception {
        List<TelemetryEvent> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(event("e" + i));
        }
        int one = EventJson.toJson(batch.get(0)).length() + 200;

        writer(3L * one).write(batch).get(10, TimeUnit.SECONDS);

        assertThat(requests).hasSizeGreaterThan(3);
        assertThat(requests.stream().mapToInt(List::size).sum()).isEqualTo(10);
        assertThat(requests).allSatisfy(request -> assertThat(request).hasSizeLessThanOrEqualTo(3));
    }

    @Test
    void closingFailsWritesStillWaiting() {
        CompletableFuture<List<BulkTransport.ItemResult>> never = new CompletableFuture<>();
        answer = docs -> never;
        BulkWriter writer = writer(1 << 20);
        CompletableFuture<Void> write = writer.write(List.of(event("e1")));

        writer.close();

        assertThat(failureOf(write)).hasMessageContaining("stopping");
        assertThat(failureOf(writer.write(List.of(event("e2"))))).hasMessageContaining("stopping");
    }

    static final class CountingMetrics implements WriteMetrics {
        final AtomicInteger docs = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger unreached = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final Map<String, Integer> seen = new ConcurrentHashMap<>();

        @Override
        public void bulk(int docs, long bytes, long nanos, boolean answered, boolean reached) {
            if (answered) {
                this.docs.addAndGet(docs);
            } else {
                unanswered.incrementAndGet();
            }
            if (!reached) {
                unreached.incrementAndGet();
            }
        }

        @Override
        public void retried(ItemOutcome why, int items) {
            (why == ItemOutcome.THROTTLED ? throttled : retried).addAndGet(items);
        }

        @Override
        public void refused(int events) {
            refused.addAndGet(events);
        }

        @Override
        public void failed(int events) {
            failed.incrementAndGet();
        }
    }
}
