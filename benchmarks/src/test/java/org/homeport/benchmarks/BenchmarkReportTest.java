package org.homeport.benchmarks;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchmarkReportTest {

    private static BenchmarkReport.Target target(String name, double eventsPerSecond, double p50, double p99) {
        return new BenchmarkReport.Target(name, new JsonObject()
                .put("eventsPerSecond", eventsPerSecond)
                .put("latencyMs", new JsonObject().put("p50", p50).put("p99", p99)));
    }

    @Test
    void ratiosAreTargetOverBaseline() {
        JsonObject ratios = BenchmarkReport.ratios(target("homeport", 25_000, 4.0, 30.0), target("bare", 100_000, 1.0, 5.0));

        assertThat(ratios.getDouble("throughput")).isEqualTo(0.25);
        assertThat(ratios.getDouble("p50Latency")).isEqualTo(4.0);
        assertThat(ratios.getDouble("p99Latency")).isEqualTo(6.0);
    }

    @Test
    void aBaselineThatMeasuredNothingGivesNoRatioInsteadOfInfinity() {
        JsonObject ratios = BenchmarkReport.ratios(target("homeport", 25_000, 4.0, 30.0), target("bare", 0, 0, 0));

        assertThat(ratios.getValue("throughput")).isNull();
    }

    @Test
    void tableAndJsonHoldEveryTargetAndTheRatioRow() {
        List<BenchmarkReport.Target> targets = List.of(target("bare", 100_000, 1.0, 5.0), target("homeport", 25_000, 4.0, 30.0));

        assertThat(BenchmarkReport.table(targets))
                .contains("bare", "100000.0", "homeport", "25000.0")
                .contains("homeport/bare", "0.250x", "4.000x", "6.000x");
        JsonObject json = BenchmarkReport.toJson(targets, Instant.EPOCH);
        assertThat(json.getJsonObject("results").fieldNames()).containsExactlyInAnyOrder("bare", "homeport");
        assertThat(json.getJsonArray("ratios").getJsonObject(0).getString("target")).isEqualTo("homeport");
    }

    @Test
    void tableShowsTheServersCpuPerEventAndIdleAndPeakResidentMemoryWhenMeasured() {
        BenchmarkReport.Target measured = new BenchmarkReport.Target("homeport", new JsonObject()
                .put("eventsPerSecond", 25_000.0)
                .put("latencyMs", new JsonObject().put("p50", 4.0).put("p99", 30.0))
                .put("cpuMsPer1000Events", 36.5)
                .put("rssMiB", new JsonObject().put("idle", 217).put("peak", 431).put("end", 402)));

        String table = BenchmarkReport.table(List.of(target("bare", 100_000, 1.0, 5.0), measured));

        assertThat(table).contains("CPU ms/1k ev", "idle RSS MiB", "peak RSS MiB");
        assertThat(table.lines().filter(line -> line.startsWith("homeport ")).findFirst().orElseThrow())
                .contains("36.5", "217", "431");
        assertThat(table.lines().filter(line -> line.startsWith("bare ")).findFirst().orElseThrow())
                .endsWith("-");
    }
}
