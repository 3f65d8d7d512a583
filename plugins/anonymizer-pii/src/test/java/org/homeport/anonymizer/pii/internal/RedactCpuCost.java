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
 * {@code find} on it: what {@code benchmarks/pii-cost.sh} compares between two commits, through
 * {@link RedactCpuCostComparison}, which loads this class once per commit.
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
 * <p>On its own it measures the classes on its class path and prints {@code key value} lines:
 * {@code redact} and {@code detector.<id>} in µs per call (the fastest repetition), {@code redact.median}.
 * <pre>java -cp &lt;this class&gt;:&lt;module classes&gt;:&lt;homeport-api jar&gt;
 *     org.homeport.anonymizer.pii.internal.RedactCpuCost [calls per repetition] [repetitions]</pre>
 */
public final class RedactCpuCost {
    private static final String TEXT = DetectorBenchmark.TEXT;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final PiiRedactor redactor = new PiiRedactor(PiiRedactor.ALL, Map.of(), 4);
    private final List<Finding> findings = new ArrayList<>();
    /** Keeps the JIT from dropping calls whose results would be unused. */
    private long sink;

    public RedactCpuCost() {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        RedactCpuCost cost = new RedactCpuCost();
        cost.warmUp(calls);
        double[] redact = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            redact[r] = cost.redactMicros(calls);
        }
        Arrays.sort(redact);
        System.out.printf(Locale.ROOT, "redact %.3f%n", redact[0]);
        System.out.printf(Locale.ROOT, "redact.median %.3f%n", redact[repetitions / 2]);
        List<String> ids = cost.detectorIds();
        for (int d = 0; d < ids.size(); d++) {
            double best = Double.MAX_VALUE;
            for (int r = 0; r < repetitions; r++) {
                best = Math.min(best, cost.findMicros(d, calls));
            }
            System.out.printf(Locale.ROOT, "detector.%s %.3f%n", ids.get(d), best);
        }
        System.out.println("sink " + (cost.sink & 1));
    }

    /** Long enough for C2 to compile {@code redact}, every detector, and each detector's own call here. */
    public void warmUp(int calls) {
        for (int k = 0; k < 5; k++) {
            redactMicros(calls);
        }
        for (int d = 0; d < PiiRedactor.ALL.size(); d++) {
            findMicros(d, calls);
        }
    }

    /** @return the ids of the detectors, in {@link PiiRedactor#ALL}'s order */
    public List<String> detectorIds() {
        List<String> ids = new ArrayList<>();
        PiiRedactor.ALL.forEach(detector -> ids.add(detector.id()));
        return ids;
    }

    /** @return µs of thread CPU time per {@code redact} */
    public double redactMicros(int calls) {
        long start = THREADS.getCurrentThreadCpuTime();
        long lengths = 0;
        for (int k = 0; k < calls; k++) {
            lengths += redactor.redact(TEXT).length();
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        sink += lengths;
        return nanos / 1000.0 / calls;
    }

    /** @return µs of thread CPU time per {@code find} of the detector at {@code index} in {@link #detectorIds()} */
    public double findMicros(int index, int calls) {
        Detector detector = PiiRedactor.ALL.get(index);
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
