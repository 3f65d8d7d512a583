package org.homeport.benchmarks;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {

    @Test
    void defaultsTargetTheLocalDistributionWithTheDemoKey() {
        LoadOptions options = LoadOptions.parse(new String[0]);

        assertThat(options.url()).isEqualTo(URI.create("http://127.0.0.1:8480/v1/events"));
        assertThat(options.apiKey()).isEqualTo("hp_demo_7Qm2xV9cLr4tWz8KpN3s");
        assertThat(options.batch()).isEqualTo(100);
        assertThat(options.concurrency()).isEqualTo(8);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.maxRequests()).isPositive();
        assertThat(options.gzip()).isFalse();
        assertThat(options.json()).isFalse();
        assertThat(options.port()).isEqualTo(8480);
        assertThat(options.requestUri()).isEqualTo("/v1/events");
    }

    @Test
    void acceptsEveryOptionInBothSpellings() {
        LoadOptions options = LoadOptions.parse(new String[] {
                "--url", "http://127.0.0.1:8490/ingest?x=1", "--api-key=k1", "--batch", "7",
                "--concurrency=3", "--duration", "2", "--warmup", "0", "--max-requests", "50", "--gzip", "--json"});

        assertThat(options.port()).isEqualTo(8490);
        assertThat(options.requestUri()).isEqualTo("/ingest?x=1");
        assertThat(options.apiKey()).isEqualTo("k1");
        assertThat(options.batch()).isEqualTo(7);
        assertThat(options.concurrency()).isEqualTo(3);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.warmup()).isZero();
        assertThat(options.maxRequests()).isEqualTo(50);
        assertThat(options.gzip()).isTrue();
        assertThat(options.json()).isTrue();
    }

    @Test
    void rateAndBodyFileAreOptionalAndDefaultToAClosedLoopOfGeneratedEvents() {
        LoadOptions defaults = LoadOptions.parse(new String[0]);
        assertThat(defaults.rate()).isZero();
        assertThat(defaults.openLoop()).isFalse();
        assertThat(defaults.bodyFile()).isNull();

        LoadOptions open = LoadOptions.parse(new String[] {"--rate", "250", "--body-file", "/tmp/batch.json"});
        assertThat(open.rate()).isEqualTo(250);
        assertThat(open.openLoop()).isTrue();
        assertThat(open.bodyFile()).isEqualTo(java.nio.file.Path.of("/tmp/batch.json"));
        assertThat(open.withBatch(42).batch()).isEqualTo(42);
        assertThat(open.withBatch(42).rate()).isEqualTo(250);
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--rate", "-1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rate must be at least 0");
    }

    @Test
    void defaultPortOfAnHttpUrlIs80() {
        assertThat(LoadOptions.parse(new String[] {"--url", "http://localhost/"}).port()).isEqualTo(80);
    }

    @Test
    void rejectsWhatWouldSilentlyMeasureSomethingElse() {
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--batch", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--batch must be at least 1");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--concurrency", "many"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--duraton", "5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --duraton");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--duration"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--gzip=yes"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--batch", "1", "--batch", "2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--url", "https://127.0.0.1/v1/events"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"100"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unexpected argument");
    }
}
