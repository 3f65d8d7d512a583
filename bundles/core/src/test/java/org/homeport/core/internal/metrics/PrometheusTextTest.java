package org.homeport.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void countersTimersAndGaugesRenderInTextFormat() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter.builder("homeport.events.dropped").description("Events dropped").tag("purpose", "marketing")
                .tag("reason", "no-consent-on-record").register(registry).increment(3);
        Timer.builder("homeport.sink.write").tag("sink", "file").register(registry).record(Duration.ofMillis(250));
        registry.gauge("homeport.queue.depth", 7);

        String text = PrometheusText.scrape(registry);

        assertThat(text).contains("# HELP homeport_events_dropped_total Events dropped\n")
                .contains("# TYPE homeport_events_dropped_total counter\n")
                .contains("homeport_events_dropped_total{purpose=\"marketing\",reason=\"no-consent-on-record\"} 3\n")
                .contains("# TYPE homeport_sink_write_seconds summary\n")
                .contains("homeport_sink_write_seconds_count{sink=\"file\"} 1\n")
                .contains("homeport_sink_write_seconds_sum{sink=\"file\"} 0.25\n")
                .contains("homeport_queue_depth 7\n");
    }

    @Test
    void labelValuesAreEscaped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter.builder("c").tag("k", "a\"b\\c\nd").register(registry).increment();

        assertThat(PrometheusText.scrape(registry)).contains("c_total{k=\"a\\\"b\\\\c\\nd\"} 1\n");
    }
}
