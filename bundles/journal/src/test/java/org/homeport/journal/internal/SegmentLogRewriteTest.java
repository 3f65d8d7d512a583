package org.homeport.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How an erasure changes records in place: same sequences, new payloads, every segment sealed first. */
@Timeout(120)
class SegmentLogRewriteTest {
    private static final JournalSettings SMALL = new JournalSettings(4096, 1024, 1000, 1 << 20, 1 << 20);

    @TempDir
    Path dir;

    private static byte[] erased(JournalRecord record) {
        String text = new String(record.payload(), StandardCharsets.UTF_8);
        return text.contains("-7-") || text.endsWith("-7") ? "gone".getBytes(StandardCharsets.UTF_8) : null;
    }

    @Test
    void rewrittenRecordsKeepTheirSequencesAndNothingElseChanges() throws Exception {
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            SegmentLogTest.appendAll(log, 0, 300);
            List<JournalRecord> before = SegmentLogTest.readAll(log);

            int changed = log.rewrite(Long.MAX_VALUE, SegmentLogRewriteTest::erased);

            List<JournalRecord> after = SegmentLogTest.readAll(log);
            assertThat(changed).isEqualTo(before.stream().filter(r -> erased(r) != null).count()).isPositive();
            assertThat(after).extracting(JournalRecord::sequence)
                    .containsExactlyElementsOf(before.stream().map(JournalRecord::sequence).toList());
            for (int i = 0; i < before.size(); i++) {
                byte[] expected = erased(before.get(i)) == null ? before.get(i).payload() : "gone".getBytes(StandardCharsets.UTF_8);
                assertThat(after.get(i).payload()).isEqualTo(expected);
            }
            assertThat(filesContain("record-7-")).isFalse();
            assertThat(SegmentLogTest.appendAll(log, 300, 301)).containsExactly(301L);
        }
    }

    @Test
    void theRecordsOfTheSegmentBeingWrittenAreRewrittenTooAndSurviveAReopen() throws Exception {
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            SegmentLogTest.appendAll(log, 5, 9); // all in the first, still active segment
            log.rewrite(Long.MAX_VALUE, SegmentLogRewriteTest::erased);
            assertThat(filesContain("record-7-")).isFalse();
            SegmentLogTest.appendAll(log, 9, 12);
        }
        try (SegmentLog reopened = SegmentLog.open(dir, SMALL)) {
            assertThat(reopened.recoveryReport().clean()).isTrue();
            List<JournalRecord> all = SegmentLogTest.readAll(reopened);
            assertThat(all).extracting(JournalRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(new String(all.get(2).payload(), StandardCharsets.UTF_8)).isEqualTo("gone");
        }
    }

    @Test
    void aRewriteLeftHalfWayByACrashIsDiscardedAtTheNextOpen() throws Exception {
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            SegmentLogTest.appendAll(log, 0, 20);
        }
        Path leftover = dir.resolve(SegmentLog.name(1) + SegmentLog.REWRITE_SUFFIX);
        Files.write(leftover, new byte[] {1, 2, 3});

        try (SegmentLog reopened = SegmentLog.open(dir, SMALL)) {
            assertThat(leftover).doesNotExist();
            assertThat(SegmentLogTest.readAll(reopened)).hasSize(20);
        }
    }

    @Test
    void listenersRunOnTheWriterInSequenceOrderBeforeTheirAppendCompletes() throws Exception {
        List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<java.util.concurrent.CompletableFuture<Long>> appends = new java.util.ArrayList<>();
        List<Thread> appenders = new java.util.ArrayList<>();
        try (SegmentLog log = SegmentLog.open(dir, SMALL)) {
            for (int t = 0; t < 4; t++) {
                Thread appender = new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        java.util.concurrent.CompletableFuture<Long> mine;
                        try {
                            mine = log.append(SegmentLogTest.payload(i), sequence -> {
                                threads.add(Thread.currentThread().getName());
                                seen.add(sequence);
                            });
                        } catch (JournalFullException e) {
                            throw new IllegalStateException(e);
                        }
                        synchronized (appends) {
                            appends.add(mine);
                        }
                    }
                });
                appenders.add(appender);
                appender.start();
            }
            for (Thread appender : appenders) {
                appender.join();
            }
            for (java.util.concurrent.CompletableFuture<Long> append : appends) {
                long sequence = append.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(seen).contains(sequence);
            }
        }
        assertThat(seen).hasSize(800).isSorted();
        assertThat(threads).containsExactly("homeport-journal-writer");
    }

    private boolean filesContain(String text) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
