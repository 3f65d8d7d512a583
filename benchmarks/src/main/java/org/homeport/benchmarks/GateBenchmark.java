package org.homeport.benchmarks;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
import org.HdrHistogram.Histogram;
import org.homeport.api.consent.ConsentRecords;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.internal.service.CachedConsentRecords;
import org.homeport.consent.internal.store.JdbcConsentStore;

/**
 * Consent gate lookups with millions of subjects on record in the embedded H2 store, measured in
 * one invocation three ways:
 *
 * <ol>
 * <li><b>store</b>: every lookup goes to H2 (the primary-key index of current states); the baseline;</li>
 * <li><b>gate-uniform</b>: the gate's lookup (bounded cache in front of the store), subjects drawn
 *     uniformly from all of them, so nearly every lookup misses the cache;</li>
 * <li><b>gate-hot</b>: the same, with 90 % of lookups going to 1 % of the subjects, as when a
 *     fraction of the devices sends most of the traffic.</li>
 * </ol>
 *
 * <p>The store is seeded once (one record per subject) and kept for later runs.
 */
public final class GateBenchmark {
    private static final String TENANT = "bench";
    private static final String PURPOSE = "product-analytics";

    private GateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine options = CommandLine.parse(args,
                java.util.Set.of("subjects", "seconds", "warmup", "threads", "cache", "db", "out"), java.util.Set.of());
        int subjects = options.intNumber("subjects", 10_000_000, 1);
        int seconds = options.intNumber("seconds", 20, 1);
        int warmup = options.intNumber("warmup", 5, 0);
        int threads = options.intNumber("threads", Runtime.getRuntime().availableProcessors(), 1);
        int cacheEntries = options.intNumber("cache", 200_000, 1);
        Path database = Paths.get(options.string("db", "benchmarks/target/gate-store/consent"));
        Path out = Paths.get(options.string("out", "benchmarks/target/gate-results.json"));

        try (JdbcConsentStore store = JdbcConsentStore.h2(database, Math.max(4, threads * 2))) {
            seed(store, subjects);
            ConsentRecords direct = (tenant, subject, purpose) -> store.currentConsent(tenant, subject, purpose)
                    .map(ConsentRecord::state);
            CachedConsentRecords gate = new CachedConsentRecords(store, cacheEntries, 0);
            IntUnaryOperator uniform = any -> ThreadLocalRandom.current().nextInt(subjects);
            int hotSet = Math.max(1, subjects / 100);
            IntUnaryOperator hot = any -> ThreadLocalRandom.current().nextInt(100) < 90
                    ? ThreadLocalRandom.current().nextInt(hotSet) : ThreadLocalRandom.current().nextInt(subjects);

            List<JsonObject> results = new ArrayList<>();
            results.add(run("store", direct, uniform, threads, warmup, seconds));
            results.add(run("gate-uniform", gate, uniform, threads, warmup, seconds));
            results.add(run("gate-hot", gate, hot, threads, warmup, seconds));
            double baseline = results.get(0).getDouble("decisionsPerSecond");
            System.out.printf(Locale.ROOT, "%-13s %14s %10s %10s %12s%n", "target", "decisions/s", "p50 µs", "p99 µs", "vs store");
            for (JsonObject result : results) {
                result.put("ratioToStore", result.getDouble("decisionsPerSecond") / baseline);
                System.out.printf(Locale.ROOT, "%-13s %,14.0f %10.1f %10.1f %12.2f%n", result.getString("target"),
                        result.getDouble("decisionsPerSecond"), result.getDouble("p50Micros"), result.getDouble("p99Micros"),
                        result.getDouble("ratioToStore"));
            }
            long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            JsonObject report = new JsonObject()
                    .put("at", Instant.now().toString())
                    .put("subjects", subjects)
                    .put("threads", threads)
                    .put("cacheEntries", cacheEntries)
                    .put("cachedAfterRun", gate.cachedEntries())
                    .put("heapUsedBytes", heapUsed)
                    .put("databaseBytes", Files.size(Paths.get(database + ".mv.db")))
                    .put("results", new io.vertx.core.json.JsonArray(results));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report.encodePrettily());
            System.out.printf(Locale.ROOT, "subjects %,d, cache %,d entries (%,d filled), heap in use %,d MB, store %,d MB%n",
                    subjects, cacheEntries, gate.cachedEntries(), heapUsed >> 20,
                    Files.size(Paths.get(database + ".mv.db")) >> 20);
        }
    }

    /** One record per subject: a quarter each withdrawn and denied, the rest granted. */
    private static void seed(JdbcConsentStore store, int subjects) {
        long present = store.lastConsentSeq();
        if (present >= subjects) {
            System.out.printf(Locale.ROOT, "store holds %,d records already%n", present);
            return;
        }
        long started = System.nanoTime();
        Instant now = Instant.now();
        int batch = 10_000;
        for (int from = (int) present; from < subjects; from += batch) {
            List<ConsentRecord> records = new ArrayList<>(batch);
            for (int i = from; i < Math.min(subjects, from + batch); i++) {
                ConsentState state = i % 4 == 2 ? ConsentState.WITHDRAWN : i % 4 == 3 ? ConsentState.DENIED
                        : ConsentState.GRANTED;
                records.add(new ConsentRecord(0, TENANT, subject(i), PURPOSE, state, 1, now, "import",
                        String.format(Locale.ROOT, "seed-%09d", i), "benchmark"));
            }
            store.appendConsents(records);
            if ((from / batch) % 100 == 0) {
                System.out.printf(Locale.ROOT, "seeded %,d of %,d%n", from + records.size(), subjects);
            }
        }
        System.out.printf(Locale.ROOT, "seeded %,d records in %.0f s%n", subjects - present,
                (System.nanoTime() - started) / 1e9);
    }

    private static String subject(int i) {
        return String.format(Locale.ROOT, "subject-%09d", i);
    }

    private static JsonObject run(String target, ConsentRecords records, IntUnaryOperator pick, int threads, int warmup,
            int seconds) throws InterruptedException {
        measure(records, pick, threads, warmup);
        Measured measured = measure(records, pick, threads, seconds);
        return new JsonObject()
                .put("target", target)
                .put("decisionsPerSecond", measured.decisions / (double) seconds)
                .put("p50Micros", measured.latency.getValueAtPercentile(50) / 1000.0)
                .put("p99Micros", measured.latency.getValueAtPercentile(99) / 1000.0)
                .put("granted", measured.granted);
    }

    private record Measured(long decisions, long granted, Histogram latency) {
    }

    private static Measured measure(ConsentRecords records, IntUnaryOperator pick, int threads, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Histogram latency = new Histogram(3_600_000_000L, 3);
        long[] decisions = new long[threads];
        long[] granted = new long[threads];
        Histogram[] perThread = new Histogram[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            perThread[t] = new Histogram(3_600_000_000L, 3);
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    Optional<ConsentState> state = records.currentState(TENANT, subject(pick.applyAsInt(0)), PURPOSE);
                    perThread[index].recordValue(Math.max(1, System.nanoTime() - start));
                    decisions[index]++;
                    if (state.orElse(null) == ConsentState.GRANTED) {
                        granted[index]++;
                    }
                }
            }, "gate-bench-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long total = 0;
        long keep = 0;
        for (int t = 0; t < threads; t++) {
            total += decisions[t];
            keep += granted[t];
            latency.add(perThread[t]);
        }
        return new Measured(total, keep, latency);
    }
}
