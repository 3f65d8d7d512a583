package org.homeport.anonymizer.pii.internal;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Compares the per-event CPU cost of two builds of this module in one JVM: {@link RedactCpuCost} is
 * loaded twice, each time in a class loader of its own with one build's classes, and the two are
 * measured in turns, repetition by repetition. A load spike from other processes on the shared
 * machine then slows both sides of a pair alike, and the median of the paired ratios holds still
 * where two JVMs run one after the other would not. The class loaders' parent must not see this
 * module's classes (neither main nor test); it provides the module's dependencies.
 *
 * <pre>java -cp &lt;this class&gt;:&lt;homeport-api jar&gt; org.homeport.anonymizer.pii.internal.RedactCpuCostComparison
 *     &lt;harness dir&gt; &lt;before classes&gt; &lt;after classes&gt; [calls per repetition] [repetitions] [before-first|after-first]</pre>
 *
 * Prints {@code key value} lines: {@code redact.before}, {@code redact.after} (µs, the fastest
 * repetition), {@code redact.ratio} (median of the paired ratios after/before) and
 * {@code detector.<id>.before|after} (µs, fastest).
 */
public final class RedactCpuCostComparison {
    private static final String HARNESS = "org.homeport.anonymizer.pii.internal.RedactCpuCost";

    private RedactCpuCostComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path harness = Path.of(args[0]);
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        int repetitions = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        // The build loaded second ran 4-5 % faster even when both were the same classes (code and
        // object placement, presumably): the script alternates the order from one JVM to the next.
        boolean afterFirst = args.length > 5 && args[5].equals("after-first");
        Side after = afterFirst ? new Side(harness, Path.of(args[2])) : null;
        Side before = new Side(harness, Path.of(args[1]));
        after = afterFirst ? after : new Side(harness, Path.of(args[2]));

        // Warm up in turns too: warmed one after the other, the same classes loaded twice ran 5 % faster
        // on the side loaded second, which then compiled with the JDK's shared profiles complete.
        for (int k = 0; k < 5; k++) {
            before.redact(calls);
            after.redact(calls);
        }
        List<String> beforeIds = before.detectorIds();
        List<String> afterIds = after.detectorIds();
        for (int d = 0; d < afterIds.size(); d++) {
            int old = beforeIds.indexOf(afterIds.get(d));
            if (old >= 0) {
                before.find(old, calls);
            }
            after.find(d, calls);
        }
        double[] ratios = new double[repetitions];
        double bestBefore = Double.MAX_VALUE;
        double bestAfter = Double.MAX_VALUE;
        for (int r = 0; r < repetitions; r++) {
            // alternate who goes first, so neither side always runs on the other's cache state
            double b;
            double a;
            if (r % 2 == 0) {
                b = before.redact(calls);
                a = after.redact(calls);
            } else {
                a = after.redact(calls);
                b = before.redact(calls);
            }
            ratios[r] = a / b;
            bestBefore = Math.min(bestBefore, b);
            bestAfter = Math.min(bestAfter, a);
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "redact.before %.3f%nredact.after %.3f%nredact.ratio %.3f%n", bestBefore,
                bestAfter, ratios[repetitions / 2]);

        for (int d = 0; d < afterIds.size(); d++) {
            int old = beforeIds.indexOf(afterIds.get(d));
            double b = Double.MAX_VALUE;
            double a = Double.MAX_VALUE;
            for (int r = 0; r < Math.max(3, repetitions / 3); r++) {
                b = old < 0 ? b : Math.min(b, before.find(old, calls));
                a = Math.min(a, after.find(d, calls));
            }
            if (old >= 0) {
                System.out.printf(Locale.ROOT, "detector.%s.before %.3f%n", afterIds.get(d), b);
            }
            System.out.printf(Locale.ROOT, "detector.%s.after %.3f%n", afterIds.get(d), a);
        }
    }

    /** One build: its own class loader and its own {@link RedactCpuCost}, called by reflection. */
    private static final class Side {
        private final Object cost;
        private final Method redactMicros;
        private final Method findMicros;
        private final Method detectorIds;

        Side(Path harness, Path classes) throws Exception {
            URLClassLoader loader = new URLClassLoader(new URL[] {harness.toUri().toURL(), classes.toUri().toURL()},
                    RedactCpuCostComparison.class.getClassLoader());
            Class<?> type = Class.forName(HARNESS, true, loader);
            if (type.getClassLoader() != loader) {
                throw new IllegalStateException("the parent class loader sees " + HARNESS + ": keep it off the class path");
            }
            cost = type.getConstructor().newInstance();
            redactMicros = type.getMethod("redactMicros", int.class);
            findMicros = type.getMethod("findMicros", int.class, int.class);
            detectorIds = type.getMethod("detectorIds");
        }

        double redact(int calls) throws Exception {
            return (double) redactMicros.invoke(cost, calls);
        }

        double find(int index, int calls) throws Exception {
            return (double) findMicros.invoke(cost, index, calls);
        }

        @SuppressWarnings("unchecked")
        List<String> detectorIds() throws Exception {
            return new ArrayList<>((List<String>) detectorIds.invoke(cost));
        }
    }
}
