package org.homeport.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence for "acknowledged only after fsync": a child JVM appends and prints each sequence once
 * its future completes; it is killed ({@code destroyForcibly}, SIGKILL) mid-stream, several times
 * over the same directory; every sequence it printed must be in the reopened log, intact.
 */
@Timeout(180)
class SegmentLogCrashTest {

    private static final int CYCLES = 4;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesTheProcessBeingKilledMidStream() throws Exception {
        Map<Long, Long> acknowledged = new HashMap<>(); // sequence -> index of the payload
        Random random = new Random(12);
        long startIndex = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Map<Long, Long> acks = new ConcurrentHashMap<>();
            Process child = new ProcessBuilder(javaBinary(), "-Xmx128m", "-cp", testClassPath(),
                    CrashChild.class.getName(), dir.toString(), Long.toString(startIndex))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Thread reader = new Thread(() -> readAcks(child, acks), "ack-reader");
            reader.start();
            int killAfter = 300 + random.nextInt(3000);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> acks.size() >= killAfter || !child.isAlive());
                assertThat(child.isAlive()).as("child still appending").isTrue();
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            for (Map.Entry<Long, Long> e : acks.entrySet()) {
                assertThat(acknowledged.put(e.getKey(), e.getValue())).as("sequence %d given twice", e.getKey()).isNull();
            }
            startIndex += 10_000_000L;

            try (SegmentLog log = SegmentLog.open(dir, CrashChild.SETTINGS)) {
                RecoveryReport report = log.recoveryReport();
                assertThat(report.skippedRecords()).as("a crash tears only the tail").isZero();
                assertThat(report.setAside()).isEmpty();
                Map<Long, byte[]> stored = new HashMap<>();
                long from = 1;
                List<JournalRecord> batch;
                while (!(batch = log.read(from, 1000, 1 << 20)).isEmpty()) {
                    for (JournalRecord r : batch) {
                        stored.put(r.sequence(), r.payload());
                    }
                    from = batch.get(batch.size() - 1).sequence() + 1;
                }
                assertThat(stored.keySet()).as("gap-free").hasSize((int) (log.recoveryReport().nextSequence() - 1));
                List<Long> missing = new ArrayList<>();
                for (Map.Entry<Long, Long> e : acknowledged.entrySet()) {
                    byte[] p = stored.get(e.getKey());
                    if (p == null || !java.util.Arrays.equals(p, CrashChild.payload(e.getValue()))) {
                        missing.add(e.getKey());
                    }
                }
                assertThat(missing).as("acknowledged but missing or damaged after kill %d", cycle + 1).isEmpty();
                System.out.printf("crash cycle %d: %d acknowledged so far, %d stored, %d tail bytes cut%n",
                        cycle + 1, acknowledged.size(), stored.size(), report.truncatedBytes());
            }
        }
    }

    private static void readAcks(Process child, Map<Long, Long> acks) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 3 && f[0].equals("ack")) {
                    acks.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the child was killed mid-line: a partial line is not an acknowledgement
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
