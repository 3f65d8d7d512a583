package org.homeport.anonymizer.pii.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The thread CPU time of one {@code redact} of {@link DetectorBenchmark#TEXT}, and of each detector's
 * {@code find} on it: what {@code benchmarks/pii-cost.sh} compares between two commits.
 *
 * <p>JMH's wall-clock throughput swings fourfold on a shared 2-core machine; the CPU time of the
 * measuring thread ({@link ThreadMXBean#getCurrentThreadCpuTime}) does not count the time the thread
 * waits while descheduled, and the fastest of several repetitions drops those that other processes
 * slowed down through the caches.
 *
 * <p>Uses only what the detectors had before issue 15 too ({@link PiiRedactor#ALL}, the
 * three-argument constructor, {@code redact(String)}, {@code Detector.find(CharSequence, List)}), so
 * the same compiled class runs on the classes of either commit. {@code DetectorBenchmark.TEXT} is a
 * compile-time constant, copied into this class by javac: neither JMH nor the benchmark class is
 * needed at run time.
 *
 * <p>Prints {@code key value} lines: {@code redact} and {@code detector.<id>} in µs per call (the
 * fastest repetition), and {@code redact.median}.
 *
 * <pre>java -cp &lt;this class&gt;:&lt;module classes&gt;:&lt;homeport-api jar&gt;
 *     org.homeport.anonymizer.pii.internal.RedactCpuCost [calls per repetition] [repetitions]</pre>
 */
public final class RedactCpuCost {
    private static final String TEXT = DetectorBenchmark.TEXT;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Keeps the JIT from dropping calls whose results would be unused. */
    private static long sink;

    private RedactCpuCost() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        PiiRedactor redactor = new PiiRedactor(PiiRedactor.ALL, Map.of(), 4);

        // warm-up: long enough for C2 to compile redact and every detector it calls
        for (int k = 0; k < 5; k++) {
            redactTimes(redactor, calls);
        }
        double[] redact = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            redact[r] = redactTimes(redactor, calls);
        }
        Arrays.sort(redact);
        System.out.printf(Locale.ROOT, "redact %.3f%n", redact[0]);
        System.out.printf(Locale.ROOT, "redact.median %.3f%n", redact[repetitions / 2]);

        for (Detector detector : PiiRedactor.ALL) {
            findTimes(detector, calls);                        // warm-up of this call site with this detector
            double best = Double.MAX_VALUE;
            for (int r = 0; r < repetitions; r++) {
                best = Math.min(best, findTimes(detector, calls));
            }
            System.out.printf(Locale.ROOT, "detector.%s %.3f%n", detector.id(), best);
        }
        System.out.println("sink " + (sink & 1));
    }

    /** @return µs of thread CPU time per call */
    private static double redactTimes(PiiRedactor redactor, int calls) {
        long start = THREADS.getCurrentThreadCpuTime();
        long lengths = 0;
        for (int k = 0; k < calls; k++) {
            lengths += redactor.redact(TEXT).length();
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        sink += lengths;
        return nanos / 1000.0 / calls;
    }

    /** @return µs of thread CPU time per call */
    private static double findTimes(Detector detector, int calls) {
        List<Finding> findings = new ArrayList<>();
        long start = THREADS.getCurrentThreadCpuTime();
        long found = 0;
        for (int k = 0; k < calls; k++) {
            findings.clear();
            detector.find(TEXT, findings);
            found += findings.size();
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        sink += found;
        return nanos / 1000.0 / calls;
    }
}
