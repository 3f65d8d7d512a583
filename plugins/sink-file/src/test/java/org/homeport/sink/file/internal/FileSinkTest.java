package org.homeport.sink.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.RetentionResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSinkTest {
    private static final Instant DAY_1 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<FileSink> sinks = new ArrayList<>();
    private final CountDownLatch writerGate = new CountDownLatch(1);

    @AfterEach
    void stopSinks() {
        writerGate.countDown();
        sinks.forEach(FileSink::deactivate);
    }

    @Test
    void writesEachEventAsOneJsonLineIntoItsPurposeAndDayFile() throws Exception {
        FileSink sink = sink(64 * 1024 * 1024, 16, true);
        TelemetryEvent first = event("e1", "crash-reports", DAY_1);
        TelemetryEvent second = event("e2", "crash-reports", DAY_1);
        TelemetryEvent nextDay = event("e3", "crash-reports", DAY_2);
        TelemetryEvent otherPurpose = event("e4", "usage-metering", DAY_1);

        awaitSuccess(sink.write(List.of(first, nextDay, otherPurpose, second)));

        assertThat(lines("crash-reports/2026-11-23.jsonl")).containsExactly(EventJson.toJson(first), EventJson.toJson(second));
        assertThat(lines("crash-reports/2026-11-24.jsonl")).containsExactly(EventJson.toJson(nextDay));
        assertThat(lines("usage-metering/2026-11-23.jsonl")).containsExactly(EventJson.toJson(otherPurpose));
        assertThat(lines("crash-reports/2026-11-23.jsonl").get(0)).isEqualTo("{\"id\":\"e1\",\"tenant\":\"acme\","
                + "\"type\":\"app.error\",\"purpose\":\"crash-reports\",\"time\":\"2026-11-23T09:59:00Z\","
                + "\"receivedAt\":\"2026-11-23T10:00:00Z\",\"source\":{\"product\":\"meet\",\"version\":\"45.3.1\"},"
                + "\"attributes\":{\"message\":\"Grüße \\\"quoted\\\"\\nnext line\",\"count\":3}}");
        assertThat(Files.readString(base().resolve("crash-reports/2026-11-23.jsonl"), StandardCharsets.UTF_8))
                .endsWith("}\n").contains("Grüße");
    }

    @Test
    void picksTheFileByTheUtcDayOfReceivedAt() throws Exception {
        FileSink sink = sink(1 << 20, 16, false);
        TelemetryEvent lateEvening = event("e1", "p", Instant.parse("2026-11-23T23:30:00-02:00"));

        awaitSuccess(sink.write(List.of(lateEvening)));

        assertThat(lines("p/2026-11-24.jsonl")).containsExactly(EventJson.toJson(lateEvening));
    }

    @Test
    void rotatesBySizeIntoNumberedFiles() throws Exception {
        int lineBytes = (EventJson.toJson(event("e0", "p", DAY_1)) + "\n").getBytes(StandardCharsets.UTF_8).length;
        FileSink sink = sink(2L * lineBytes + 1, 16, true);
        List<TelemetryEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event("e" + i, "p", DAY_1));
        }

        awaitSuccess(sink.write(events.subList(0, 3)));
        awaitSuccess(sink.write(events.subList(3, 5)));

        assertThat(fileNames("p")).containsExactlyInAnyOrder("2026-11-23.jsonl", "2026-11-23.1.jsonl", "2026-11-23.2.jsonl");
        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(events.get(0)), json(events.get(1)));
        assertThat(lines("p/2026-11-23.1.jsonl")).containsExactly(json(events.get(2)), json(events.get(3)));
        assertThat(lines("p/2026-11-23.2.jsonl")).containsExactly(json(events.get(4)));
        assertThat(Files.size(base().resolve("p/2026-11-23.jsonl"))).isLessThanOrEqualTo(2L * lineBytes + 1);
    }

    @Test
    void lineLargerThanTheLimitGetsAFileOfItsOwn() throws Exception {
        FileSink sink = sink(10, 16, true);

        awaitSuccess(sink.write(List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1))));

        assertThat(fileNames("p")).containsExactlyInAnyOrder("2026-11-23.jsonl", "2026-11-23.1.jsonl");
    }

    @Test
    void startsAfterTheHighestExistingIndexAndNeverOverwrites() throws Exception {
        Files.createDirectories(base().resolve("p"));
        Files.writeString(base().resolve("p/2026-11-23.jsonl"), "{\"old\":0}\n");
        Files.writeString(base().resolve("p/2026-11-23.3.jsonl"), "{\"old\":3}\n{\"torn\":");
        FileSink sink = sink(1 << 20, 16, true);
        TelemetryEvent event = event("e1", "p", DAY_1);

        awaitSuccess(sink.write(List.of(event)));

        assertThat(Files.readString(base().resolve("p/2026-11-23.jsonl"))).isEqualTo("{\"old\":0}\n");
        assertThat(Files.readString(base().resolve("p/2026-11-23.3.jsonl"))).isEqualTo("{\"old\":3}\n{\"torn\":");
        assertThat(lines("p/2026-11-23.4.jsonl")).containsExactly(json(event));
    }

    @Test
    void concurrentWritesFromSeveralThreadsLandExactlyOnce() throws Exception {
        FileSink sink = sink(16 * 1024, 100_000, true);
        int threads = 6;
        int batchesPerThread = 100;
        int eventsPerBatch = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletionStage<Void>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(pool.submit(() -> {
                    List<CompletionStage<Void>> results = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread; b++) {
                        List<TelemetryEvent> batch = new ArrayList<>();
                        for (int e = 0; e < eventsPerBatch; e++) {
                            String purpose = e % 2 == 0 ? "even" : "odd";
                            batch.add(event(thread + "-" + b + "-" + e, purpose, e % 3 == 0 ? DAY_2 : DAY_1));
                        }
                        results.add(sink.write(batch));
                    }
                    return results;
                }));
            }
            for (Future<List<CompletionStage<Void>>> future : submitted) {
                for (CompletionStage<Void> result : future.get()) {
                    awaitSuccess(result);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> idCounts = allLines().stream()
                .map(line -> line.substring("{\"id\":\"".length(), line.indexOf('"', "{\"id\":\"".length())))
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(idCounts).hasSize(threads * batchesPerThread * eventsPerBatch);
        assertThat(idCounts.values()).containsOnly(1L);
        assertThat(fileNames("even")).hasSizeGreaterThan(2);
    }

    @Test
    void futureCompletesOnlyOnceTheLinesAreInTheFile() throws Exception {
        for (boolean fsync : new boolean[] {true, false}) {
            String purpose = fsync ? "synced" : "unsynced";
            FileSink sink = sink(1 << 20, 16, fsync);
            for (int i = 0; i < 20; i++) {
                TelemetryEvent event = event("e" + i, purpose, DAY_1);
                CompletableFuture<Void> done = sink.write(List.of(event)).toCompletableFuture();
                done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(lines(purpose + "/2026-11-23.jsonl")).hasSize(i + 1).last().isEqualTo(json(event));
            }
        }
    }

    @Test
    void failsFastWithSaturatedWhenTheQueueIsFull() throws Exception {
        FileSink sink = gatedSink(2);
        CompletableFuture<Void> first = sink.write(List.of(event("e1", "p", DAY_1))).toCompletableFuture();
        CompletableFuture<Void> second = sink.write(List.of(event("e2", "p", DAY_1))).toCompletableFuture();

        CompletableFuture<Void> third = sink.write(List.of(event("e3", "p", DAY_1))).toCompletableFuture();

        assertThat(third).isCompletedExceptionally();
        assertThatThrownBy(third::join).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("file sink 'test' is saturated");
        assertThat(first).isNotDone();
        writerGate.countDown();
        awaitSuccess(first);
        awaitSuccess(second);
        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(event("e1", "p", DAY_1)), json(event("e2", "p", DAY_1)));
        awaitSuccess(sink.write(List.of(event("e4", "p", DAY_1))));
    }

    @Test
    void deactivateDrainsQueuedWritesBeforeReturning() throws Exception {
        FileSink sink = gatedSink(16);
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(sink.write(List.of(event("e" + i, "p", DAY_1))).toCompletableFuture());
        }
        Thread stopper = new Thread(sink::deactivate);
        stopper.start();
        await().atMost(WAIT).until(() -> stopper.getState() == Thread.State.WAITING);

        CompletableFuture<Void> rejected = sink.write(List.of(event("late", "p", DAY_1))).toCompletableFuture();
        assertThatThrownBy(rejected::join).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("file sink 'test' is stopping");
        assertThat(queued).noneMatch(CompletableFuture::isDone);

        writerGate.countDown();
        stopper.join(WAIT.toMillis());

        assertThat(stopper.isAlive()).isFalse();
        assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(lines("p/2026-11-23.jsonl")).hasSize(3);
    }

    @Test
    void writesAndRetentionAfterDeactivateFail() {
        FileSink sink = sink(1 << 20, 16, true);
        sink.deactivate();

        assertThatThrownBy(() -> sink.write(List.of(event("e1", "p", DAY_1))).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("file sink 'test' is stopping");
        assertThatThrownBy(() -> sink.deleteOlderThan("p", DAY_2).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("is stopping");
        assertThat(base().resolve("p")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../escape", "a/../../escape", "a/b", "a\\b", ".hidden", "-dash", "Upper", "a..b",
            "with space"})
    void refusesPurposesThatAreNotSafePathSegments(String purpose) throws Exception {
        FileSink sink = sink(1 << 20, 16, true);

        CompletableFuture<Void> result = sink.write(List.of(event("e1", "ok", DAY_1), event("e2", purpose, DAY_1)))
                .toCompletableFuture();

        assertThatThrownBy(result::join).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a safe directory name");
        assertThatThrownBy(() -> sink.deleteOlderThan(purpose, DAY_2).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        awaitSuccess(sink.write(List.of(event("e3", "ok", DAY_1))));
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(Files::isRegularFile).map(Path::toString))
                    .containsExactly(base().resolve("ok/2026-11-23.jsonl").toString());
        }
    }

    @Test
    void acceptsPurposeIdsMadeOfTheSafeCharacters() {
        assertThat(PurposeIds.isSafe("crash-reports")).isTrue();
        assertThat(PurposeIds.isSafe("v2.usage_metering")).isTrue();
        assertThat(PurposeIds.isSafe("0")).isTrue();
        assertThat(PurposeIds.isSafe("x".repeat(128))).isTrue();
        assertThat(PurposeIds.isSafe("x".repeat(129))).isFalse();
        assertThat(PurposeIds.isSafe(null)).isFalse();
    }

    @Test
    void failedWriteFailsOnlyTheAffectedBatches() throws Exception {
        Files.createDirectories(base());
        Files.writeString(base().resolve("blocked"), "a file where the purpose directory should be");
        FileSink sink = gatedSink(16);
        CompletableFuture<Void> blocked = sink.write(List.of(event("e1", "blocked", DAY_1))).toCompletableFuture();
        CompletableFuture<Void> fine = sink.write(List.of(event("e2", "fine", DAY_1))).toCompletableFuture();
        CompletableFuture<Void> mixed = sink.write(List.of(event("e3", "fine", DAY_1), event("e4", "blocked", DAY_1)))
                .toCompletableFuture();

        writerGate.countDown();

        assertThatThrownBy(() -> blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> mixed.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        awaitSuccess(fine);
        assertThat(lines("fine/2026-11-23.jsonl")).contains(json(event("e2", "fine", DAY_1)));
    }

    @Test
    void retentionDeletesOnlyFilesWhoseWholeDayIsBeforeTheCutoff() throws Exception {
        for (String name : List.of("2026-11-20.jsonl", "2026-11-20.1.jsonl", "2026-11-21.jsonl", "2026-11-22.jsonl",
                "notes.txt")) {
            Files.createDirectories(base().resolve("p"));
            Files.writeString(base().resolve("p").resolve(name), "{}\n");
        }
        Files.createDirectories(base().resolve("q"));
        Files.writeString(base().resolve("q/2026-11-20.jsonl"), "{}\n");
        FileSink sink = sink(1 << 20, 16, true);

        RetentionResult result = sink.deleteOlderThan("p", Instant.parse("2026-11-22T12:00:00Z"))
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result).isEqualTo(RetentionResult.of(3, "files", 3, 9, Instant.parse("2026-11-22T00:00:00Z")));
        assertThat(fileNames("p")).containsExactlyInAnyOrder("2026-11-22.jsonl", "notes.txt");
        assertThat(fileNames("q")).containsExactly("2026-11-20.jsonl");
        assertThat(sink.deleteOlderThan("missing", DAY_2).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(RetentionResult.of(0, "files", 0, 0, null));
    }

    @Test
    void retentionReportsTheEventsAndBytesItDeletedAndThatNothingIsLeft() throws Exception {
        Files.createDirectories(base().resolve("p"));
        Files.writeString(base().resolve("p/2026-11-20.jsonl"), "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
        Files.writeString(base().resolve("p/2026-11-21.jsonl"), "{\"a\":4}\n");
        FileSink sink = sink(1 << 20, 16, true);

        RetentionResult result = sink.deleteOlderThan("p", Instant.parse("2026-11-23T00:00:00Z"))
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.removed()).isEqualTo(2);
        assertThat(result.eventsRemoved()).isEqualTo(4);
        assertThat(result.bytesRemoved()).isEqualTo(32);
        assertThat(result.reportsHeld()).isTrue();
        assertThat(result.oldestHeld()).isNull();
    }

    @Test
    void retentionClosesAnOpenFileAndLaterWritesStartANewOne() throws Exception {
        FileSink sink = sink(1 << 20, 16, true);
        TelemetryEvent before = event("e1", "p", DAY_1);
        TelemetryEvent after = event("e2", "p", DAY_1);
        awaitSuccess(sink.write(List.of(before)));

        RetentionResult result = sink.deleteOlderThan("p", Instant.parse("2026-11-24T00:00:00Z"))
                .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        awaitSuccess(sink.write(List.of(after)));

        assertThat(result.removed()).isEqualTo(1);
        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(after));
    }

    @Test
    void emptyBatchCompletesAtOnce() {
        FileSink sink = gatedSink(1);

        assertThat(sink.write(List.of()).toCompletableFuture()).isCompleted();
    }

    private FileSink sink(long rotateBytes, int capacity, boolean fsync) {
        FileSink sink = new FileSink(new Settings("test", base(), rotateBytes, fsync, capacity), null, Clock.systemUTC());
        sinks.add(sink);
        return sink;
    }

    /** A sink whose writer thread waits for {@link #writerGate} before taking any work. */
    private FileSink gatedSink(int capacity) {
        ThreadFactory gated = work -> new Thread(() -> {
            try {
                writerGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            work.run();
        });
        FileSink sink = new FileSink(new Settings("test", base(), 1 << 20, true, capacity), gated, Clock.systemUTC());
        sinks.add(sink);
        return sink;
    }

    private static TelemetryEvent event(String id, String purpose, Instant receivedAt) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("message", "Grüße \"quoted\"\nnext line");
        attributes.put("count", 3);
        return new TelemetryEvent(id, "acme", new Source("meet", "45.3.1", null), null, purpose, "app.error",
                receivedAt.minusSeconds(60), receivedAt, attributes);
    }

    /** The sink's directory, inside the temporary directory so escapes from it can be seen. */
    private Path base() {
        return dir.resolve("events");
    }

    private static String json(TelemetryEvent event) {
        return EventJson.toJson(event);
    }

    private static void awaitSuccess(CompletionStage<Void> result) throws Exception {
        result.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private List<String> lines(String relative) throws IOException {
        return Files.readAllLines(base().resolve(relative), StandardCharsets.UTF_8);
    }

    private List<String> fileNames(String purpose) throws IOException {
        try (Stream<Path> files = Files.list(base().resolve(purpose))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private List<String> allLines() throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return all;
    }
}
