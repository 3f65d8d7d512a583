package org.homeport.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.homeport.api.util.EventJson;
import org.junit.jupiter.api.Test;

/** The benchmark measures the work it claims: the chain really anonymizes its event. */
class SuiteChainBenchmarkTest {

    @Test
    void theChainRemovesThePersonalDataOfTheBenchmarkEvent() throws Exception {
        SuiteChainBenchmark benchmark = new SuiteChainBenchmark();
        benchmark.setUp();

        String stored = benchmark.suiteChainAndSerialize();

        assertThat(stored).doesNotContain("user-4711", "d-8842", "jane.doe@example.com", "203.0.113.77", "hunter2",
                "4111 1111 1111 1111", "48.13712", "10:42:17");
        assertThat(stored).contains("\"subject\":\"ps_k", "203.0.113.0", "[email]", "Windows 10.0.19045.2965",
                "2026-11-30T10:00:00Z");
        assertThat(benchmark.serializeOnly()).isEqualTo(EventJson.toJson(SuiteChainBenchmark.EVENT));
        assertThat(SuiteChainBenchmark.EVENT_BYTES).isGreaterThan(500);
    }
}
