package org.homeport.anonymizer.pii.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of each detector, and of the whole redactor, on the same realistic error-report text
 * (about 1 KiB with a few findings), next to a bare baseline that only reads every character once.
 * Run with {@code benchmarks/pii.sh}; MB/s = ops/s × {@link #textBytes()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DetectorBenchmark {
    /** An error report as apps send them: a message, a stack excerpt, a URL, a log line. */
    static final String TEXT = "Sync failed for calendar of jane.doe@example.com (account 7781) at 2026-11-23T10:00:00Z: "
            + "java.net.SocketTimeoutException: connect timed out to 203.0.113.77:443 after 3 retries\n"
            + "\tat com.example.meet.sync.CalendarClient.fetch(CalendarClient.java:212)\n"
            + "\tat com.example.meet.sync.SyncJob.run(SyncJob.java:88)\n"
            + "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)\n"
            + "request GET https://api.example.org/v2/calendars?page=3&limit=50 build 10.0.19045.2965 client 45.3.1 "
            + "order 1234567812345678 session 3f2b9c1e-8d7a-4c55-9b1e-2a6f0c9d4e11 retry-after 30s\n"
            + "payment reference 4111 1111 1111 1111 declined; contact +49 30 1234567 or support@example.org; "
            + "device ac:de:48:00:11:22 on fe80::1ff:fe23:4567:890a; upstream said: Bearer abcdefghijklmnopqrstuvwx\n";

    @Param({"email", "phone", "ipv4", "ipv6", "card", "iban", "mac", "jwt", "secret", "url-credentials", "coordinates",
            "user-path", "person"})
    public String type;

    private Detector detector;
    private PiiRedactor redactor;

    @Setup
    public void setUp() {
        detector = PiiRedactor.ALL.stream().filter(candidate -> candidate.id().equals(type)).findFirst().orElseThrow();
        redactor = new PiiRedactor(PiiRedactor.ALL, Map.of(), 4);
    }

    static int textBytes() {
        return TEXT.length();
    }

    /** The floor: read every character once, as any scanner must. */
    @Benchmark
    public int bareScan() {
        int sum = 0;
        for (int i = 0; i < TEXT.length(); i++) {
            sum += TEXT.charAt(i);
        }
        return sum;
    }

    @Benchmark
    public List<Finding> detector() {
        List<Finding> findings = new ArrayList<>();
        detector.find(TEXT, findings);
        return findings;
    }

    /** Every detector plus overlap resolution and replacement; independent of {@code type}. */
    @Benchmark
    public String allDetectorsRedact() {
        return redactor.redact(TEXT);
    }
}
