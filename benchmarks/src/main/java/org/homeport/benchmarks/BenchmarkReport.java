package org.homeport.benchmarks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts the results of several load runs side by side. The first target is the baseline; every
 * other one gets ratios against it, because on a shared, noisy machine only a ratio measured in
 * the same invocation means anything.
 *
 * <p>Usage: {@code BenchmarkReport --out results.json bare=bare.json homeport=homeport.json},
 * where each file holds the one JSON line {@link LoadGenerator} prints with {@code --json}.
 */
public final class BenchmarkReport {

    record Target(String name, JsonObject result) {
        double eventsPerSecond() {
            return result.getDouble("eventsPerSecond");
        }

        double latency(String percentile) {
            return result.getJsonObject("latencyMs").getDouble(percentile);
        }

        /** The server's CPU milliseconds per 1000 events in the measured window, if run.sh measured it. */
        Double cpuPer1000Events() {
            return result.getDouble("cpuMsPer1000Events");
        }

        /** The server's resident memory in MiB ({@code idle}, {@code peak}, {@code end}), if run.sh measured it. */
        String rss(String which) {
            JsonObject rss = result.getJsonObject("rssMiB");
            return rss == null || rss.getValue(which) == null ? "-" : String.valueOf(rss.getLong(which));
        }
    }

    private BenchmarkReport() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (args[i].contains("=") && !args[i].startsWith("--")) {
                String name = args[i].substring(0, args[i].indexOf('='));
                Path file = Path.of(args[i].substring(args[i].indexOf('=') + 1));
                targets.add(new Target(name, new JsonObject(Files.readString(file, StandardCharsets.UTF_8).trim())));
            } else {
                System.err.println("usage: BenchmarkReport [--out results.json] baseline=result.json [name=result.json ...]");
                System.exit(2);
            }
        }
        if (targets.isEmpty()) {
            System.err.println("error: no results given");
            System.exit(2);
        }
        System.out.print(table(targets));
        if (out != null) {
            Files.writeString(out, toJson(targets, Instant.now()).encodePrettily() + "\n", StandardCharsets.UTF_8);
        }
    }

    static String table(List<Target> targets) {
        StringBuilder table = new StringBuilder();
        String row = "%-16s %14s %10s %10s %13s %12s %12s%n";
        table.append(String.format(Locale.ROOT, row, "target", "events/s", "p50 ms", "p99 ms", "CPU ms/1k ev",
                "idle RSS MiB", "peak RSS MiB"));
        for (Target target : targets) {
            table.append(String.format(Locale.ROOT, row, target.name(),
                    String.format(Locale.ROOT, "%.1f", target.eventsPerSecond()),
                    String.format(Locale.ROOT, "%.3f", target.latency("p50")),
                    String.format(Locale.ROOT, "%.3f", target.latency("p99")),
                    target.cpuPer1000Events() == null ? "-" : String.format(Locale.ROOT, "%.1f", target.cpuPer1000Events()),
                    target.rss("idle"), target.rss("peak")));
        }
        Target baseline = targets.get(0);
        for (Target target : targets.subList(1, targets.size())) {
            JsonObject ratios = ratios(target, baseline);
            table.append(String.format(Locale.ROOT, row, target.name() + "/" + baseline.name(),
                    format(ratios.getDouble("throughput")), format(ratios.getDouble("p50Latency")),
                    format(ratios.getDouble("p99Latency")), format(ratios.getDouble("cpuPerEvent")), "", ""));
        }
        return table.toString();
    }

    static JsonObject toJson(List<Target> targets, Instant when) {
        Target baseline = targets.get(0);
        JsonObject results = new JsonObject();
        targets.forEach(target -> results.put(target.name(), target.result()));
        JsonArray comparisons = new JsonArray();
        for (Target target : targets.subList(1, targets.size())) {
            comparisons.add(ratios(target, baseline)
                    .put("target", target.name())
                    .put("baseline", baseline.name()));
        }
        return new JsonObject()
                .put("generatedAt", when.toString())
                .put("baseline", baseline.name())
                .put("results", results)
                .put("ratios", comparisons);
    }

    /**
     * Throughput ratio below 1 and latency ratios above 1 are what Homeport's work costs over
     * bare transport. A ratio with a zero denominator is null: there is nothing to compare against.
     */
    static JsonObject ratios(Target target, Target baseline) {
        return new JsonObject()
                .put("throughput", ratio(target.eventsPerSecond(), baseline.eventsPerSecond()))
                .put("p50Latency", ratio(target.latency("p50"), baseline.latency("p50")))
                .put("p99Latency", ratio(target.latency("p99"), baseline.latency("p99")))
                .put("cpuPerEvent", target.cpuPer1000Events() == null || baseline.cpuPer1000Events() == null ? null
                        : ratio(target.cpuPer1000Events(), baseline.cpuPer1000Events()));
    }

    private static Double ratio(double value, double baseline) {
        return baseline > 0 ? Math.round(value / baseline * 1000) / 1000.0 : null;
    }

    private static String format(Double ratio) {
        return ratio == null ? "n/a" : String.format(Locale.ROOT, "%.3fx", ratio);
    }
}
