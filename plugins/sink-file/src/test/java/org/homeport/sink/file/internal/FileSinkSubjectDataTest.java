package org.homeport.sink.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.SubjectQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSinkSubjectDataTest {
    private static final Instant DAY_1 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CRASH = "crash-reports";
    private static final String USAGE = "usage-metering";

    // Alice and Bob share device d1; globex has its own "alice" on its own "d1".
    private static final TelemetryEvent ALICE_CRASH = event("a1", "acme", "alice", "d1", CRASH, DAY_1);
    private static final TelemetryEvent ALICE_USAGE = event("a2", "acme", "alice", "d2", USAGE, DAY_1);
    private static final TelemetryEvent ALICE_CRASH_LATER = event("a3", "acme", "alice", "d1", CRASH, DAY_2);
    private static final TelemetryEvent BOB_CRASH = event("b1", "acme", "bob", "d1", CRASH, DAY_1);
    private static final TelemetryEvent BOB_USAGE_LATER = event("b2", "acme", "bob", "d2", USAGE, DAY_2);
    private static final TelemetryEvent OTHER_TENANTS_ALICE = event("g1", "globex", "alice", "d1", CRASH, DAY_1);
    private static final TelemetryEvent NOBODYS_USAGE = event("n1", "acme", null, "d2", USAGE, DAY_1);
    private static final List<TelemetryEvent> ALL = List.of(ALICE_CRASH, ALICE_USAGE, ALICE_CRASH_LATER, BOB_CRASH,
            BOB_USAGE_LATER, OTHER_TENANTS_ALICE, NOBODYS_USAGE);

    @TempDir
    Path dir;

    private final List<FileSink> sinks = new ArrayList<>();

    @AfterEach
    void stopSinks() {
        sinks.forEach(FileSink::deactivate);
    }

    @Test
    void exportBySubjectAppendsExactlyThatSubjectsStoredLinesOfThatTenant() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));
        Path into = dir.resolve("export.jsonl");
        Files.writeString(into, "already there\n");

        long exported = await(sink.export(bySubject("acme", "alice"), into));

        assertThat(exported).isEqualTo(3);
        // Purpose by purpose, each in the order written; byte for byte the stored lines.
        assertThat(Files.readString(into, StandardCharsets.UTF_8)).isEqualTo("already there\n"
                + json(ALICE_CRASH) + "\n" + json(ALICE_CRASH_LATER) + "\n" + json(ALICE_USAGE) + "\n");
        assertThat(await(sink.export(bySubject("globex", "alice"), dir.resolve("globex.jsonl")))).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("globex.jsonl"))).containsExactly(json(OTHER_TENANTS_ALICE));
    }

    @Test
    void exportByDeviceFindsEverythingTheDeviceSentWhoeverItWasAbout() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));

        assertThat(exportedLines(sink, new SubjectQuery("acme", null, "d1", Set.of())))
                .containsExactly(json(ALICE_CRASH), json(BOB_CRASH), json(ALICE_CRASH_LATER));
        assertThat(exportedLines(sink, new SubjectQuery("acme", null, "d2", Set.of())))
                .containsExactly(json(ALICE_USAGE), json(NOBODYS_USAGE), json(BOB_USAGE_LATER));
        assertThat(exportedLines(sink, new SubjectQuery("acme", "bob", "d1", Set.of())))
                .containsExactly(json(BOB_CRASH));
    }

    @Test
    void exportLooksOnlyInTheAskedPurposes() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));

        assertThat(exportedLines(sink, new SubjectQuery("acme", "alice", null, Set.of(USAGE))))
                .containsExactly(json(ALICE_USAGE));
        assertThat(exportedLines(sink, new SubjectQuery("acme", "alice", null, Set.of("never-written")))).isEmpty();
    }

    @Test
    void exportSeesWritesQueuedBeforeItEvenWithoutFsync() throws Exception {
        FileSink sink = sink(false);

        CompletionStage<Void> written = sink.write(ALL);
        List<String> exported = exportedLines(sink, bySubject("acme", "bob"));

        awaitSuccess(written);
        assertThat(exported).containsExactly(json(BOB_CRASH), json(BOB_USAGE_LATER));
    }

    @Test
    void eraseRemovesExactlyTheMatchingLinesAndLeavesTheRestByteIdentical() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));
        Object untouchedFile = fileKey(USAGE + "/2026-11-24.jsonl");

        long erased = await(sink.erase(bySubject("acme", "alice")));

        assertThat(erased).isEqualTo(3);
        assertThat(exportedLines(sink, bySubject("acme", "alice"))).isEmpty();
        assertThat(read(CRASH + "/2026-11-23.jsonl")).isEqualTo(json(BOB_CRASH) + "\n" + json(OTHER_TENANTS_ALICE) + "\n");
        assertThat(read(USAGE + "/2026-11-23.jsonl")).isEqualTo(json(NOBODYS_USAGE) + "\n");
        assertThat(read(USAGE + "/2026-11-24.jsonl")).isEqualTo(json(BOB_USAGE_LATER) + "\n");
        assertThat(fileKey(USAGE + "/2026-11-24.jsonl")).as("a file without a match is not rewritten")
                .isEqualTo(untouchedFile);
        assertThat(exportedLines(sink, bySubject("globex", "alice"))).containsExactly(json(OTHER_TENANTS_ALICE));
        assertThat(await(sink.erase(bySubject("acme", "alice")))).as("nothing left to erase").isZero();
    }

    @Test
    void eraseDeletesAFileThatHeldOnlyTheSubjectsLines() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));

        long erased = await(sink.erase(new SubjectQuery("acme", "alice", null, Set.of(CRASH))));

        assertThat(erased).isEqualTo(2);
        assertThat(fileNames(CRASH)).containsExactly("2026-11-23.jsonl");
        assertThat(fileNames(USAGE)).containsExactlyInAnyOrder("2026-11-23.jsonl", "2026-11-24.jsonl");
        assertThat(exportedLines(sink, bySubject("acme", "alice"))).containsExactly(json(ALICE_USAGE));
    }

    @Test
    void eraseByDeviceKeepsTheSubjectsOtherDevices() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));

        assertThat(await(sink.erase(new SubjectQuery("acme", null, "d1", Set.of())))).isEqualTo(3);

        assertThat(exportedLines(sink, bySubject("acme", "alice"))).containsExactly(json(ALICE_USAGE));
        assertThat(exportedLines(sink, bySubject("acme", "bob"))).containsExactly(json(BOB_USAGE_LATER));
    }

    @Test
    void eraseBetweenWritesKeepsTheLaterWrite() throws Exception {
        FileSink sink = sink(true);
        TelemetryEvent aliceAgain = event("a4", "acme", "alice", "d1", CRASH, DAY_1);

        // Queued back to back: the erase sees the first write and not the second.
        CompletionStage<Void> first = sink.write(List.of(ALICE_CRASH, BOB_CRASH));
        CompletionStage<Long> erased = sink.erase(bySubject("acme", "alice"));
        CompletionStage<Void> second = sink.write(List.of(aliceAgain));
        awaitSuccess(first);
        awaitSuccess(second);

        assertThat(await(erased)).isEqualTo(1);
        assertThat(exportedLines(sink, bySubject("acme", "alice"))).containsExactly(json(aliceAgain));
        assertThat(read(CRASH + "/2026-11-23.jsonl")).isEqualTo(json(BOB_CRASH) + "\n");
        assertThat(read(CRASH + "/2026-11-23.1.jsonl")).as("the replaced file is never appended to again")
                .isEqualTo(json(aliceAgain) + "\n");
    }

    @Test
    void malformedLinesAreSkippedByExportAndKeptVerbatimByErase() throws Exception {
        Files.createDirectories(base().resolve(CRASH));
        String kept = "not json\n"
                + "{\"tenant\":\"acme\",\"subject\":\"alice\",\"attributes\":{\"a\":1}} trailing\n"
                + "{\"tenant\":\"acme\",\"subject\":\"alice\",\"attributes\":[\n";
        Files.writeString(base().resolve(CRASH + "/2026-11-22.jsonl"), json(ALICE_CRASH) + "\n" + kept
                + json(ALICE_CRASH_LATER), StandardCharsets.UTF_8);
        FileSink sink = sink(true);
        awaitSuccess(sink.write(List.of(ALICE_USAGE)));

        assertThat(exportedLines(sink, bySubject("acme", "alice")))
                .containsExactly(json(ALICE_CRASH), json(ALICE_CRASH_LATER), json(ALICE_USAGE));
        assertThat(await(sink.erase(bySubject("acme", "alice")))).isEqualTo(3);
        assertThat(read(CRASH + "/2026-11-22.jsonl")).isEqualTo(kept);
    }

    @Test
    void linesLongerThanTheReadBufferAreExportedAndKeptWhole() throws Exception {
        FileSink sink = sink(true);
        TelemetryEvent large = ALICE_CRASH.withAttributes(Map.of("dump", "x".repeat(200_000)));
        TelemetryEvent largeOfBob = BOB_CRASH.withAttributes(Map.of("dump", "y".repeat(150_000)));
        awaitSuccess(sink.write(List.of(large, largeOfBob, ALICE_USAGE)));

        assertThat(exportedLines(sink, bySubject("acme", "alice"))).containsExactly(json(large), json(ALICE_USAGE));
        assertThat(await(sink.erase(bySubject("acme", "alice")))).isEqualTo(2);
        assertThat(read(CRASH + "/2026-11-23.jsonl")).isEqualTo(json(largeOfBob) + "\n");
    }

    @Test
    void readsOnlyTheTopLevelFieldsItMatchesOn() throws Exception {
        Files.createDirectories(base().resolve(CRASH));
        String nested = "{\"tenant\":\"acme\",\"attributes\":{\"subject\":\"alice\",\"source\":{\"device\":\"d1\"}},"
                + "\"source\":{\"product\":\"meet\",\"extra\":{\"device\":\"d1\"}},\"subject\":\"carol\"}";
        String mixed = "{\"subject\":\"alice\",\"list\":[1,{\"tenant\":\"globex\"}],\"tenant\":\"acme\"}";
        Files.writeString(base().resolve(CRASH + "/2026-11-22.jsonl"), nested + "\n" + mixed + "\n");
        FileSink sink = sink(true);

        assertThat(exportedLines(sink, bySubject("acme", "alice"))).containsExactly(mixed);
        assertThat(exportedLines(sink, new SubjectQuery("acme", null, "d1", Set.of()))).isEmpty();
    }

    @Test
    void failedRewriteFailsTheEraseAndLeavesTheFileAsItWas() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));
        String before = read(CRASH + "/2026-11-23.jsonl");
        // Something that cannot be cleared stands where the rewrite's temporary file goes.
        Path obstacle = base().resolve(CRASH + "/.2026-11-23.jsonl.erasing");
        Files.createDirectories(obstacle);
        Files.writeString(obstacle.resolve("keep"), "x");

        CompletableFuture<Long> erased = sink.erase(new SubjectQuery("acme", "alice", null, Set.of(CRASH)))
                .toCompletableFuture();

        assertThatThrownBy(() -> erased.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        assertThat(read(CRASH + "/2026-11-23.jsonl")).isEqualTo(before);
        Files.delete(obstacle.resolve("keep"));
        assertThat(await(sink.erase(new SubjectQuery("acme", "alice", null, Set.of(CRASH))))).isEqualTo(2);
        assertThat(fileNames(CRASH)).containsExactly("2026-11-23.jsonl");
    }

    @Test
    void writesAreAcknowledgedWhileErasuresWaitForTheirScan() throws Exception {
        List<Runnable> parked = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean(true);
        FileSink sink = new FileSink(new Settings("test", base(), 1 << 20, true, 16), null, Clock.systemUTC(),
                scan -> {
                    if (holding.get()) {
                        parked.add(scan);
                    } else {
                        scan.run();
                    }
                });
        sinks.add(sink);
        awaitSuccess(sink.write(ALL));

        List<CompletableFuture<Long>> erasures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            erasures.add(sink.erase(bySubject("acme", "alice")).toCompletableFuture());
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> parked.size() == 20);
        TelemetryEvent later = event("a9", "acme", "alice", "d1", CRASH, DAY_2);

        // The writer is not busy with the scans: the next batch is durable and acknowledged now.
        awaitSuccess(sink.write(List.of(later, BOB_CRASH)));

        assertThat(erasures).noneMatch(CompletableFuture::isDone);
        holding.set(false);
        parked.forEach(Runnable::run);
        assertThat(await(erasures.get(0))).as("what was written before the erasure").isEqualTo(3);
        assertThat(exportedLines(sink, bySubject("acme", "alice")))
                .as("a write queued after the erasure is kept").containsExactly(json(later));
    }

    @Test
    void severalSubjectsAreErasedInOnePassOverTheFiles() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));

        long erased = await(sink.eraseAll(List.of(bySubject("acme", "alice"), bySubject("acme", "bob"))));

        assertThat(erased).isEqualTo(5);
        assertThat(exportedLines(sink, new SubjectQuery("acme", null, "d2", Set.of()))).containsExactly(json(NOBODYS_USAGE));
        assertThat(exportedLines(sink, bySubject("globex", "alice"))).containsExactly(json(OTHER_TENANTS_ALICE));
    }

    @Test
    void anEraseDoesNotBringBackAFileRetentionDeletedDuringItsScan() throws Exception {
        List<Runnable> parked = new CopyOnWriteArrayList<>();
        FileSink sink = new FileSink(new Settings("test", base(), 1 << 20, true, 16), null, Clock.systemUTC(), parked::add);
        sinks.add(sink);
        awaitSuccess(sink.write(ALL));
        CompletableFuture<Long> erase = sink.erase(bySubject("acme", "bob")).toCompletableFuture();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> parked.size() == 1);

        sink.deleteOlderThan(CRASH, DAY_2).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        parked.forEach(Runnable::run);

        await(erase);
        assertThat(base().resolve(CRASH + "/2026-11-23.jsonl")).doesNotExist();
    }

    @Test
    void startingRemovesErasureCopiesLeftByACrash() throws Exception {
        Path crashDir = Files.createDirectories(base().resolve(CRASH));
        Files.writeString(crashDir.resolve("2026-11-23.jsonl"), json(BOB_CRASH) + "\n");
        Files.writeString(crashDir.resolve(".2026-11-23.jsonl.erasing"), json(BOB_CRASH) + "\n");
        Files.writeString(Files.createDirectories(base().resolve(USAGE)).resolve(".2026-11-24.1.jsonl.erasing"), "{");

        sink(true);

        assertThat(fileNames(CRASH)).containsExactly("2026-11-23.jsonl");
        assertThat(fileNames(USAGE)).isEmpty();
    }

    @Test
    void exportAndEraseAfterDeactivateFail() {
        FileSink sink = sink(true);
        sink.deactivate();

        assertThatThrownBy(() -> sink.export(bySubject("acme", "alice"), dir.resolve("out.jsonl")).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("file sink 'test' is stopping");
        assertThatThrownBy(() -> sink.erase(bySubject("acme", "alice")).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("file sink 'test' is stopping");
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../escape", "a/b", ".hidden", "Upper"})
    void refusesPurposesThatAreNotSafePathSegments(String purpose) {
        FileSink sink = sink(true);
        SubjectQuery query = new SubjectQuery("acme", "alice", null, Set.of(CRASH, purpose));

        assertThatThrownBy(() -> sink.export(query, dir.resolve("out.jsonl")).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a safe directory name");
        assertThatThrownBy(() -> sink.erase(query).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a safe directory name");
    }

    @Test
    void refusesToExportIntoItsOwnDirectory() throws Exception {
        FileSink sink = sink(true);
        awaitSuccess(sink.write(ALL));

        assertThatThrownBy(() -> sink.export(bySubject("acme", "alice"), base().resolve(CRASH + "/2026-11-23.jsonl"))
                .toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the sink's directory");
        assertThat(Files.readAllLines(base().resolve(CRASH + "/2026-11-23.jsonl"))).hasSize(3);
    }

    private FileSink sink(boolean fsync) {
        FileSink sink = new FileSink(new Settings("test", base(), 1 << 20, fsync, 16), null, Clock.systemUTC());
        sinks.add(sink);
        return sink;
    }

    private static TelemetryEvent event(String id, String tenant, String subject, String device, String purpose,
            Instant receivedAt) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("message", "Grüße \"quoted\"\nnext line");
        attributes.put("nested", Map.of("subject", "someone-else", "list", List.of(1, Map.of("tenant", "x"))));
        return new TelemetryEvent(id, tenant, new Source("meet", "45.3.1", device), subject, purpose, "app.error",
                receivedAt.minusSeconds(60), receivedAt, attributes);
    }

    private static SubjectQuery bySubject(String tenant, String subject) {
        return new SubjectQuery(tenant, subject, null, Set.of());
    }

    private List<String> exportedLines(FileSink sink, SubjectQuery query) throws Exception {
        Path into = Files.createTempFile(dir, "export", ".jsonl");
        Files.delete(into);
        long exported = await(sink.export(query, into));
        List<String> lines = Files.readAllLines(into, StandardCharsets.UTF_8);
        assertThat(lines).hasSize((int) exported);
        return lines;
    }

    /** The sink's directory, inside the temporary directory so export targets can lie outside it. */
    private Path base() {
        return dir.resolve("events");
    }

    private static String json(TelemetryEvent event) {
        return EventJson.toJson(event);
    }

    private static void awaitSuccess(CompletionStage<Void> result) throws Exception {
        result.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static long await(CompletionStage<Long> result) throws Exception {
        return result.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private String read(String relative) throws IOException {
        return Files.readString(base().resolve(relative), StandardCharsets.UTF_8);
    }

    /** Identifies the file itself (device and inode on Linux), so a replaced file can be told apart. */
    private Object fileKey(String relative) throws IOException {
        return Files.readAttributes(base().resolve(relative), BasicFileAttributes.class).fileKey();
    }

    private List<String> fileNames(String purpose) throws IOException {
        try (Stream<Path> files = Files.list(base().resolve(purpose))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
