package org.homeport.sink.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delivery from the journal is at least once: after a crash the node redelivers from the sink's
 * cursor, so a batch the sink already stored may come again. The sink skips an event whose
 * (tenant, id) it already wrote to the file it is appending to.
 */
class FileSinkRedeliveryTest {
    private static final Instant DAY_1 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long MIB = 1024 * 1024;

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
    void aRedeliveredBatchAddsNoLinesAndSucceeds() throws Exception {
        FileSink sink = sink(1_000_000, 32 * MIB);
        List<TelemetryEvent> batch = List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1), event("e3", "q", DAY_2));
        awaitSuccess(sink.write(batch));

        awaitSuccess(sink.write(batch));
        awaitSuccess(sink.write(List.of(event("e2", "p", DAY_1), event("e4", "p", DAY_1))));

        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(batch.get(0)), json(batch.get(1)),
                json(event("e4", "p", DAY_1)));
        assertThat(lines("q/2026-11-24.jsonl")).containsExactly(json(batch.get(2)));
        assertThat(sink.duplicatesSkipped()).isEqualTo(4);
    }

    @Test
    void anIdTwiceInOneBatchIsWrittenOnce() throws Exception {
        FileSink sink = sink(1_000_000, 32 * MIB);

        awaitSuccess(sink.write(List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1), event("e1", "p", DAY_1))));

        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(event("e1", "p", DAY_1)),
                json(event("e2", "p", DAY_1)));
        assertThat(sink.duplicatesSkipped()).isEqualTo(1);
    }

    @Test
    void aRedeliveryQueuedBehindTheOriginalInOneGroupCommitIsSkipped() throws Exception {
        FileSink sink = gatedSink();
        List<TelemetryEvent> batch = List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1));
        CompletableFuture<Void> original = sink.write(batch).toCompletableFuture();
        CompletableFuture<Void> again = sink.write(batch).toCompletableFuture();

        writerGate.countDown();

        awaitSuccess(original);
        awaitSuccess(again);
        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(batch.get(0)), json(batch.get(1)));
    }

    @Test
    void theSameIdOfAnotherTenantIsNotADuplicate() throws Exception {
        FileSink sink = sink(1_000_000, 32 * MIB);
        TelemetryEvent acme = event("crash-1", "acme", "p", DAY_1);
        TelemetryEvent globex = event("crash-1", "globex", "p", DAY_1);

        awaitSuccess(sink.write(List.of(acme, globex)));
        awaitSuccess(sink.write(List.of(globex, acme)));

        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(acme), json(globex));
    }

    @Test
    void afterARestartARedeliveryOfWhatTheLastRunWroteAddsNoLines() throws Exception {
        FileSink first = sink(1_000_000, 32 * MIB);
        List<TelemetryEvent> written = List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1), event("e3", "p", DAY_2));
        awaitSuccess(first.write(written));
        first.deactivate();

        FileSink second = sink(1_000_000, 32 * MIB);
        List<TelemetryEvent> redelivered = new ArrayList<>(written);
        redelivered.add(event("e4", "p", DAY_1));
        awaitSuccess(second.write(redelivered));
        awaitSuccess(second.write(redelivered));

        assertThat(allIdsOf("p")).containsExactlyInAnyOrder("e1", "e2", "e3", "e4");
        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(written.get(0)), json(written.get(1)));
        assertThat(lines("p/2026-11-23.1.jsonl")).containsExactly(json(event("e4", "p", DAY_1)));
        assertThat(fileNames("p")).as("a day with nothing new gets no new file")
                .containsExactlyInAnyOrder("2026-11-23.jsonl", "2026-11-23.1.jsonl", "2026-11-24.jsonl");
        assertThat(second.duplicatesSkipped()).isEqualTo(3 + 4);
    }

    @Test
    void afterARestartOnlyTheLatestFileOfThatDayIsRead() throws Exception {
        Files.createDirectories(base().resolve("p"));
        Files.writeString(base().resolve("p/2026-11-23.jsonl"), json(event("old", "p", DAY_1)) + "\n");
        Files.writeString(base().resolve("p/2026-11-23.2.jsonl"), json(event("e1", "p", DAY_1)) + "\n");
        FileSink sink = sink(1_000_000, 32 * MIB);

        awaitSuccess(sink.write(List.of(event("old", "p", DAY_1), event("e1", "p", DAY_1))));

        assertThat(lines("p/2026-11-23.3.jsonl")).containsExactly(json(event("old", "p", DAY_1)));
    }

    /** A crash can cut the last line anywhere, even just before its '\n': it is not a stored event. */
    @ParameterizedTest
    @ValueSource(ints = {1, 20, 1000})
    void aTornLastLineIsNotCountedAsWritten(int cutFromTheEnd) throws Exception {
        TelemetryEvent stored = event("e1", "p", DAY_1);
        TelemetryEvent torn = event("e2", "p", DAY_1);
        String tornLine = json(torn) + "\n";
        Files.createDirectories(base().resolve("p"));
        String content = json(stored) + "\n" + tornLine.substring(0, Math.max(1, tornLine.length() - cutFromTheEnd));
        Files.writeString(base().resolve("p/2026-11-23.jsonl"), content);
        FileSink sink = sink(1_000_000, 32 * MIB);

        awaitSuccess(sink.write(List.of(stored, torn)));

        assertThat(Files.readString(base().resolve("p/2026-11-23.jsonl"))).isEqualTo(content);
        assertThat(lines("p/2026-11-23.1.jsonl")).containsExactly(json(torn));
    }

    @Test
    void linesThatAreNoEventOfTheSinkAreNotCounted() throws Exception {
        Files.createDirectories(base().resolve("p"));
        Files.writeString(base().resolve("p/2026-11-23.jsonl"), "not json at all\n{\"id\":\"e1\",\"tenant\":\"acme\"\n"
                + "{\"id\":7,\"tenant\":\"acme\"}\n{\"attributes\":{\"id\":\"e2\",\"tenant\":\"acme\"}}\n");
        FileSink sink = sink(1_000_000, 32 * MIB);

        awaitSuccess(sink.write(List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1), event("7", "p", DAY_1))));

        assertThat(lines("p/2026-11-23.1.jsonl")).hasSize(3);
    }

    @Test
    void whenTheIdBoundIsReachedTheFileRollsAndItsIdsAreForgotten() throws Exception {
        FileSink sink = sink(2, 32 * MIB);
        awaitSuccess(sink.write(List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1))));

        awaitSuccess(sink.write(List.of(event("e3", "p", DAY_1))));
        awaitSuccess(sink.write(List.of(event("e3", "p", DAY_1), event("e2", "p", DAY_1))));

        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(event("e1", "p", DAY_1)), json(event("e2", "p", DAY_1)));
        // e3 is in the file being appended to: skipped. e2 was in the rolled file: written again.
        assertThat(lines("p/2026-11-23.1.jsonl")).containsExactly(json(event("e3", "p", DAY_1)),
                json(event("e2", "p", DAY_1)));
    }

    @Test
    void whenTheByteBoundIsReachedTheFileRememberingTheMostIdsRolls() throws Exception {
        FileSink sink = sink(1_000_000, 3 * DailyFiles.rememberedBytes("acme", "e1"));
        awaitSuccess(sink.write(List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1))));
        awaitSuccess(sink.write(List.of(event("e3", "q", DAY_1))));

        // q's file needs room for one more id: p's file, which remembers the most, is rolled.
        awaitSuccess(sink.write(List.of(event("e4", "q", DAY_1))));
        awaitSuccess(sink.write(List.of(event("e3", "q", DAY_1), event("e4", "q", DAY_1), event("e1", "p", DAY_1))));

        assertThat(lines("q/2026-11-23.jsonl")).containsExactly(json(event("e3", "q", DAY_1)), json(event("e4", "q", DAY_1)));
        assertThat(lines("p/2026-11-23.jsonl")).containsExactly(json(event("e1", "p", DAY_1)), json(event("e2", "p", DAY_1)));
        assertThat(lines("p/2026-11-23.1.jsonl")).containsExactly(json(event("e1", "p", DAY_1)));
    }

    @Test
    void afterARestartOnlyTheLastIdsOfTheLatestFileThatFitTheBoundAreRemembered() throws Exception {
        FileSink first = sink(1_000_000, 32 * MIB);
        awaitSuccess(first.write(List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1), event("e3", "p", DAY_1))));
        first.deactivate();

        FileSink second = sink(2, 32 * MIB);
        awaitSuccess(second.write(List.of(event("e3", "p", DAY_1))));
        awaitSuccess(second.write(List.of(event("e2", "p", DAY_1))));

        assertThat(Files.exists(base().resolve("p/2026-11-23.1.jsonl"))).as("nothing new to write, no new file").isFalse();
        assertThat(second.duplicatesSkipped()).isEqualTo(2);
        awaitSuccess(second.write(List.of(event("e1", "p", DAY_1))));

        assertThat(lines("p/2026-11-23.jsonl")).hasSize(3);
        assertThat(lines("p/2026-11-23.1.jsonl")).containsExactly(json(event("e1", "p", DAY_1)));
    }

    @Test
    void aRotationBySizeStartsAnEmptySet() throws Exception {
        int lineBytes = (json(event("e0", "p", DAY_1)) + "\n").getBytes(StandardCharsets.UTF_8).length;
        FileSink sink = new FileSink(new Settings("test", base(), 2L * lineBytes, true, 16, 1_000_000, 32 * MIB), null,
                Clock.systemUTC());
        sinks.add(sink);
        awaitSuccess(sink.write(List.of(event("e1", "p", DAY_1), event("e2", "p", DAY_1), event("e3", "p", DAY_1))));

        awaitSuccess(sink.write(List.of(event("e3", "p", DAY_1), event("e1", "p", DAY_1))));

        assertThat(lines("p/2026-11-23.1.jsonl")).containsExactly(json(event("e3", "p", DAY_1)),
                json(event("e1", "p", DAY_1)));
    }

    private FileSink sink(long maxIds, long maxBytes) {
        FileSink sink = new FileSink(new Settings("test", base(), 64 * MIB, true, 16, maxIds, maxBytes), null,
                Clock.systemUTC());
        sinks.add(sink);
        return sink;
    }

    /** A sink whose writer thread waits for {@link #writerGate}, so what is queued meanwhile is one group commit. */
    private FileSink gatedSink() {
        ThreadFactory gated = work -> new Thread(() -> {
            try {
                writerGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            work.run();
        });
        FileSink sink = new FileSink(new Settings("test", base(), 64 * MIB, true, 16), gated, Clock.systemUTC());
        sinks.add(sink);
        return sink;
    }

    private static TelemetryEvent event(String id, String purpose, Instant receivedAt) {
        return event(id, "acme", purpose, receivedAt);
    }

    private static TelemetryEvent event(String id, String tenant, String purpose, Instant receivedAt) {
        return new TelemetryEvent(id, tenant, new Source("meet", "45.3.1", "d1"), "alice", purpose, "app.error",
                receivedAt.minusSeconds(60), receivedAt, Map.of("message", "Grüße", "id", "not-the-id"));
    }

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

    private List<String> allIdsOf(String purpose) throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(base().resolve(purpose))) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    ids.add(line.substring("{\"id\":\"".length(), line.indexOf('"', "{\"id\":\"".length())));
                }
            }
        }
        return ids;
    }
}
