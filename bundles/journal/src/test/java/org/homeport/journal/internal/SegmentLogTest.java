package org.homeport.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class SegmentLogTest {

    private static final JournalSettings SMALL = new JournalSettings(4096, 1024, 1000, 1 << 20, 1 << 20);

    @TempDir
    Path dir;

    static byte[] payload(int i) {
        return ("record-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8);
    }

    static List<Long> appendAll(SegmentLog log, int from, int to) throws Exception {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            futures.add(log.append(payload(i)));
        }
        List<Long> seqs = new ArrayList<>();
        for (CompletableFuture<Long> f : futures) {
            seqs.add(f.get(10, TimeUnit.SECONDS));
        }
        return seqs;
    }

    static List<JournalRecord> readAll(SegmentLog log) throws IOException {
        List<JournalRecord> all = new ArrayList<>();
        long from = 1;
        while (true) {
            List<JournalRecord> batch = log.read(from, 7, 1000);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            from = batch.get(batch.size() - 1).sequence() + 1;
        }
    }

    List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void appendedRecordsReadBackInOrderAcrossSegmentRollsAndAfterReopening() throws Exception {
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            assertThat(appendAll(log, 0, 300)).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList());
            assertThat(segmentFiles().size()).isGreaterThan(3);
            assertThat(segmentFiles().get(0).getFileName().toString()).isEqualTo("00000000000000000001.seg");
            for (Path p : segmentFiles()) {
                assertThat(Files.size(p)).isLessThanOrEqualTo(4096);
            }
            List<JournalRecord> all = readAll(log);
            assertThat(all).hasSize(300);
            for (int i = 0; i < 300; i++) {
                assertThat(all.get(i).sequence()).isEqualTo(i + 1);
                assertThat(all.get(i).payload()).isEqualTo(payload(i));
            }
            // from the middle of a later segment, and the byte limit still returns one record
            assertThat(log.read(200, 3, 1_000_000)).extracting(JournalRecord::sequence).containsExactly(200L, 201L, 202L);
            assertThat(log.read(150, 100, 1)).extracting(JournalRecord::sequence).containsExactly(150L);
            assertThat(log.read(301, 10, 1000)).isEmpty();
        }
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            assertThat(log.recoveryReport().clean()).isTrue();
            assertThat(log.recoveryReport().records()).isEqualTo(300);
            assertThat(log.append(payload(300)).get(10, TimeUnit.SECONDS)).isEqualTo(301L);
            assertThat(readAll(log)).hasSize(301);
        }
    }

    @Test
    void aReadSeeksNearItsSequenceInsteadOfScanningTheSegmentFromItsHeader() throws Exception {
        // one segment of 2,000 records of 1 KiB: a read from the far end verifies at most a stride of
        // frames, not the 1,900 before it, whether the segment was just written, recovered or rewritten
        JournalSettings big = new JournalSettings(8L << 20, 4096, 10_000, 8L << 20, 64L << 20);
        byte[] kib = new byte[1024];
        int strideFrames = (int) (FrameIndex.STRIDE / (kib.length + Frames.FRAME_HEADER_BYTES)) + 2;
        try (SegmentLog log = SegmentLog.open(dir, big)) {
            List<CompletableFuture<Long>> appended = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                byte[] p = kib.clone();
                p[0] = (byte) i;
                p[1] = (byte) (i >> 8);
                appended.add(log.append(p));
            }
            for (CompletableFuture<Long> f : appended) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(segmentFiles()).hasSize(1);
            assertSeeks(log, strideFrames);
        }
        try (SegmentLog log = SegmentLog.open(dir, big)) {
            assertSeeks(log, strideFrames);
            log.rewrite(Long.MAX_VALUE, r -> r.sequence() % 3 == 0 ? Arrays.copyOf(r.payload(), 100) : null);
            assertSeeks(log, strideFrames);
        }
    }

    private static void assertSeeks(SegmentLog log, int strideFrames) throws IOException {
        for (long seq : new long[] {1901, 17, 1999, 1000, 2000, 1}) {
            long before = log.framesReadByReaders();
            List<JournalRecord> got = log.read(seq, 2, Long.MAX_VALUE);
            assertThat(got).extracting(JournalRecord::sequence).first().isEqualTo(seq);
            int i = (int) seq - 1;
            assertThat(got.get(0).payload()[0]).isEqualTo((byte) i);
            assertThat(got.get(0).payload()[1]).isEqualTo((byte) (i >> 8));
            assertThat(log.framesReadByReaders() - before).as("frames read to get to %d", seq)
                    .isLessThanOrEqualTo(strideFrames + 2);
        }
    }

    @Test
    void concurrentAppendsAreCommittedInGroupsWithFarFewerForces() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        int threads = 8;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (SegmentLog log = SegmentLog.open(dir, JournalSettings.defaults(), ch -> {
            forces.incrementAndGet();
            ch.force(false);
        })) {
            List<CompletableFuture<List<Long>>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                workers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return appendAll(log, base, base + each);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, pool));
            }
            List<Long> all = new ArrayList<>();
            for (CompletableFuture<List<Long>> w : workers) {
                all.addAll(w.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * each).doesNotHaveDuplicates();
            assertThat(all).allMatch(s -> s >= 1 && s <= threads * each);
            assertThat(forces.get()).isLessThan(threads * each / 4);
            assertThat(readAll(log)).hasSize(threads * each);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A force that says it has begun, waits for {@code release}, forces, then runs {@code afterForce}. */
    private static SegmentLog.Forcer gatedForce(CountDownLatch entered, CountDownLatch release, Runnable afterForce) {
        return channel -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.force(false);
            afterForce.run();
        };
    }

    @Test
    void noAppendCompletesBeforeTheForceOfItsGroupReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forcesDone = new AtomicInteger();
        try (SegmentLog log = SegmentLog.open(dir, JournalSettings.defaults(),
                gatedForce(entered, release, forcesDone::incrementAndGet))) {
            try {
                CompletableFuture<Long> first = log.append(payload(1));
                assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
                List<CompletableFuture<Long>> later = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    later.add(log.append(payload(i)));
                }
                CompletableFuture<Integer> forcesSeenAtCompletion = first.thenApply(s -> forcesDone.get());
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> !first.isDone() && later.stream().noneMatch(CompletableFuture::isDone));
                assertThat(log.read(1, 10, 1000)).as("nothing is readable before it is durable").isEmpty();
                release.countDown();
                assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
                assertThat(forcesSeenAtCompletion.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                for (CompletableFuture<Long> f : later) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(forcesDone.get()).isLessThanOrEqualTo(2);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aFullQueueByRecordsRefusesAppendsWithJournalFull() throws Exception {
        assertQueueRefuses(JournalSettings.defaults().withMaxQueuedRecords(5), JournalFullException.Reason.QUEUE_ENTRIES, 5);
    }

    @Test
    void aFullQueueByBytesRefusesAppendsWithJournalFull() throws Exception {
        // each payload is 20 bytes, a frame 36 bytes: 150 bytes hold 4 frames
        assertQueueRefuses(JournalSettings.defaults().withMaxRecordBytes(64).withMaxQueuedBytes(150),
                JournalFullException.Reason.QUEUE_BYTES, 4);
    }

    private void assertQueueRefuses(JournalSettings settings, JournalFullException.Reason reason, int fits)
            throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (SegmentLog log = SegmentLog.open(dir, settings, gatedForce(entered, release, () -> { }))) {
            try {
                List<CompletableFuture<Long>> accepted = new ArrayList<>();
                accepted.add(log.append(new byte[20])); // taken by the writer, blocked in force: still counted
                assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 1; i < fits; i++) {
                    accepted.add(log.append(new byte[20]));
                }
                assertThatThrownBy(() -> log.append(new byte[20]))
                        .isInstanceOf(JournalFullException.class)
                        .extracting(e -> ((JournalFullException) e).reason()).isEqualTo(reason);
                release.countDown();
                for (CompletableFuture<Long> f : accepted) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(log.append(new byte[20]).get(10, TimeUnit.SECONDS)).isEqualTo(fits + 1L);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aJournalAtItsQuotaRefusesAppendsUntilSegmentsAreDeleted() throws Exception {
        JournalSettings settings = SMALL.withQuotaBytes(10_000);
        try (SegmentLog log = SegmentLog.open(dir, settings)) {
            int appended = 0;
            JournalFullException refused = null;
            while (refused == null) {
                try {
                    log.append(payload(appended)).get(10, TimeUnit.SECONDS);
                    appended++;
                } catch (JournalFullException e) {
                    refused = e;
                }
            }
            assertThat(refused.reason()).isEqualTo(JournalFullException.Reason.QUOTA);
            assertThat(log.usedBytes()).isLessThanOrEqualTo(10_000);
            assertThat(appended).isGreaterThan(50);
            assertThat(log.deleteSegmentsBefore(appended + 1L)).isPositive();
            assertThat(log.append(payload(1)).get(10, TimeUnit.SECONDS)).isEqualTo(appended + 1L);
        }
    }

    @Test
    void aTornTailAtEveryByteOfTheLastRecordIsCutAndAppendsContinue() throws Exception {
        Path source = dir.resolve("source");
        long lastFrameStart;
        try (SegmentLog log = SegmentLog.open(source, JournalSettings.defaults())) {
            appendAll(log, 0, 9);
            lastFrameStart = Files.size(source.resolve("00000000000000000001.seg"));
            appendAll(log, 9, 10);
        }
        byte[] whole = Files.readAllBytes(source.resolve("00000000000000000001.seg"));
        for (int cut = (int) lastFrameStart; cut < whole.length; cut++) {
            for (boolean zeroFill : new boolean[] {false, true}) {
                Path copy = dir.resolve("cut-" + cut + "-" + zeroFill);
                Files.createDirectories(copy);
                byte[] bytes = Arrays.copyOf(whole, zeroFill ? whole.length + 512 : cut);
                Arrays.fill(bytes, cut, bytes.length, (byte) 0);
                Files.write(copy.resolve("00000000000000000001.seg"), bytes);
                try (SegmentLog log = SegmentLog.open(copy, JournalSettings.defaults())) {
                    RecoveryReport report = log.recoveryReport();
                    assertThat(report.truncatedBytes()).as("cut at %d", cut).isEqualTo(bytes.length - lastFrameStart);
                    assertThat(report.records()).isEqualTo(9);
                    assertThat(report.skipped()).isEmpty();
                    assertThat(report.nextSequence()).isEqualTo(10);
                    List<JournalRecord> all = readAll(log);
                    assertThat(all).extracting(JournalRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
                    assertThat(all.get(8).payload()).isEqualTo(payload(8));
                    assertThat(log.append(payload(42)).get(10, TimeUnit.SECONDS)).isEqualTo(10L);
                    assertThat(log.read(10, 1, 1000).get(0).payload()).isEqualTo(payload(42));
                }
            }
        }
    }

    @Test
    void aFlippedByteInAMiddleRecordSkipsAndCountsOnlyThatRecord() throws Exception {
        Path seg = dir.resolve("00000000000000000001.seg");
        long[] starts = new long[6];
        try (SegmentLog log = SegmentLog.open(dir, JournalSettings.defaults())) {
            for (int i = 0; i < 5; i++) {
                starts[i] = Files.size(seg);
                log.append(payload(i)).get(10, TimeUnit.SECONDS);
            }
            starts[5] = Files.size(seg);
        }
        for (long flip : new long[] {starts[2], starts[2] + 5, starts[2] + 10, starts[2] + 20, starts[3] - 1}) {
            Path copy = dir.resolve("flip-" + flip);
            Files.createDirectories(copy);
            byte[] bytes = Files.readAllBytes(seg);
            bytes[(int) flip] ^= 0x40;
            Files.write(copy.resolve(seg.getFileName()), bytes);
            try (SegmentLog log = SegmentLog.open(copy, JournalSettings.defaults())) {
                RecoveryReport report = log.recoveryReport();
                assertThat(report.skippedRecords()).as("flip at %d", flip).isEqualTo(1);
                assertThat(report.skipped()).singleElement().satisfies(r -> {
                    assertThat(r.fromOffset()).isEqualTo(starts[2]);
                    assertThat(r.toOffset()).isEqualTo(starts[3]);
                    assertThat(r.records()).isEqualTo(1);
                });
                assertThat(report.truncatedBytes()).isZero();
                assertThat(report.records()).isEqualTo(4);
                List<JournalRecord> all = readAll(log);
                assertThat(all).extracting(JournalRecord::sequence).containsExactly(1L, 2L, 4L, 5L);
                assertThat(all.get(2).payload()).isEqualTo(payload(3));
                assertThat(log.append(payload(5)).get(10, TimeUnit.SECONDS)).isEqualTo(6L);
            }
        }
    }

    @Test
    void aFrameForgedInsideAPayloadIsNotTakenForARecordWhenResynchronising() throws Exception {
        // a sender's payload that carries a well-formed frame claiming its own sequence (2), CRC computed
        // without knowing the segment's salt (guessed 0)
        java.nio.ByteBuffer forged = java.nio.ByteBuffer.allocate(64);
        Frames.putFrame(forged, 0, 2, "forged".getBytes(StandardCharsets.UTF_8));
        byte[] carrier = Arrays.copyOf(forged.array(), forged.position());
        Path seg = dir.resolve("00000000000000000001.seg");
        long secondStart;
        long thirdStart;
        try (SegmentLog log = SegmentLog.open(dir, JournalSettings.defaults())) {
            log.append(payload(0)).get(10, TimeUnit.SECONDS);
            secondStart = Files.size(seg);
            log.append(carrier).get(10, TimeUnit.SECONDS);
            thirdStart = Files.size(seg);
            log.append(payload(2)).get(10, TimeUnit.SECONDS);
        }
        byte[] bytes = Files.readAllBytes(seg);
        bytes[(int) secondStart] ^= 0x7f; // the carrier's length field
        Files.write(seg, bytes);
        try (SegmentLog log = SegmentLog.open(dir, JournalSettings.defaults())) {
            assertThat(log.recoveryReport().skipped()).singleElement().satisfies(r -> {
                assertThat(r.fromOffset()).isEqualTo(secondStart);
                assertThat(r.toOffset()).isEqualTo(thirdStart);
            });
            List<JournalRecord> all = readAll(log);
            assertThat(all).extracting(JournalRecord::sequence).containsExactly(1L, 3L);
            assertThat(all.get(1).payload()).isEqualTo(payload(2));
        }
    }

    @Test
    void aSegmentWithATruncatedHeaderIsSetAsideAndReported() throws Exception {
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            appendAll(log, 0, 250);
        }
        List<Path> files = segmentFiles();
        assertThat(files.size()).isGreaterThanOrEqualTo(3);
        Path middle = files.get(1);
        long middleFirst = Long.parseLong(middle.getFileName().toString().replace(".seg", ""));
        long thirdFirst = Long.parseLong(files.get(2).getFileName().toString().replace(".seg", ""));
        try (FileChannel ch = FileChannel.open(middle, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(10);
        }
        Path last = files.get(files.size() - 1);
        byte[] lastBytes = Files.readAllBytes(last);
        lastBytes[0] ^= 1; // bad magic in the last segment too
        Files.write(last, lastBytes);
        long lastFirst = Long.parseLong(last.getFileName().toString().replace(".seg", ""));

        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            RecoveryReport report = log.recoveryReport();
            assertThat(report.setAside()).containsExactly(
                    middle.resolveSibling(middle.getFileName() + ".corrupt"),
                    last.resolveSibling(last.getFileName() + ".corrupt"));
            assertThat(Files.exists(middle.resolveSibling(middle.getFileName() + ".corrupt"))).isTrue();
            assertThat(report.skippedRecords()).isEqualTo(thirdFirst - middleFirst);
            // the last segment's records still verify, so their sequences are not given again
            assertThat(report.nextSequence()).isEqualTo(251);
            List<JournalRecord> all = readAll(log);
            assertThat(all).extracting(JournalRecord::sequence)
                    .startsWith(1L).doesNotContain(middleFirst, lastFirst).contains(thirdFirst);
            assertThat(log.append(payload(250)).get(10, TimeUnit.SECONDS)).isEqualTo(251L);
        }
    }

    @Test
    void deletingBeforeASequenceRemovesOnlyWholeSegmentsBelowIt() throws Exception {
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            appendAll(log, 0, 200);
            List<Path> files = segmentFiles();
            long secondFirst = Long.parseLong(files.get(1).getFileName().toString().replace(".seg", ""));
            long thirdFirst = Long.parseLong(files.get(2).getFileName().toString().replace(".seg", ""));
            assertThat(log.deleteSegmentsBefore(thirdFirst - 1)).isEqualTo(1); // second still holds thirdFirst-1
            assertThat(segmentFiles()).doesNotContain(files.get(0)).contains(files.get(1));
            assertThat(log.read(1, 1, 1000)).extracting(JournalRecord::sequence).containsExactly(secondFirst);
            assertThat(log.deleteSegmentsBefore(thirdFirst)).isEqualTo(1);
            assertThat(log.read(1, 1, 1000)).extracting(JournalRecord::sequence).containsExactly(thirdFirst);
            assertThat(log.deleteSegmentsBefore(Long.MAX_VALUE)).isEqualTo(files.size() - 3);
            assertThat(segmentFiles()).hasSize(1); // the segment being written stays
            assertThat(log.append(payload(1)).get(10, TimeUnit.SECONDS)).isEqualTo(201L);
        }
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            assertThat(log.recoveryReport().clean()).isTrue();
            assertThat(log.append(payload(2)).get(10, TimeUnit.SECONDS)).isEqualTo(202L);
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterAppendsFail() throws Exception {
        SegmentLog log = SegmentLog.open(dir, JournalSettings.defaults());
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(log.append(payload(i)));
        }
        log.close();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThatThrownBy(() -> log.append(payload(1))).isInstanceOf(IllegalStateException.class);
        try (SegmentLog reopened = SegmentLog.open(dir, JournalSettings.defaults())) {
            assertThat(readAll(reopened)).hasSize(100);
        }
    }
}
