package org.homeport.journal.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Run by {@link SegmentLogCrashTest} in its own JVM: appends from a few threads for ever and
 * prints {@code ack <sequence> <index>} only after the append's future has completed, so every
 * printed line claims a durable record. The parent kills it with no warning.
 */
public final class CrashChild {

    static final JournalSettings SETTINGS = new JournalSettings(256 * 1024, 1024, 4096, 1 << 20, 1L << 30);

    private CrashChild() {
    }

    /** The payload written for {@code index}: its number, then a pattern of varying length. */
    static byte[] payload(long index) {
        byte[] head = ("crash-" + index + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] p = Arrays.copyOf(head, head.length + 50 + (int) (index % 300));
        for (int i = head.length; i < p.length; i++) {
            p[i] = (byte) (index * 31 + i);
        }
        return p;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long startIndex = Long.parseLong(args[1]);
        int threads = 4;
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        SegmentLog log = SegmentLog.open(dir, SETTINGS);
        out.println("ready " + log.recoveryReport().nextSequence());
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread appender = new Thread(() -> {
                for (long k = 0; ; k++) {
                    long index = startIndex + k * threads + thread;
                    while (true) {
                        try {
                            log.append(payload(index)).thenAccept(seq -> {
                                synchronized (out) {
                                    out.println("ack " + seq + " " + index);
                                }
                            });
                            break;
                        } catch (JournalFullException full) {
                            LockSupport.parkNanos(1_000_000);
                        }
                    }
                }
            }, "appender-" + t);
            appender.start();
        }
        new java.util.concurrent.CountDownLatch(1).await(); // appends until the test kills this process
    }
}
