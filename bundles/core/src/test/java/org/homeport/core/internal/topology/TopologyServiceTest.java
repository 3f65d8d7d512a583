package org.homeport.core.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.homeport.api.sink.Sink;
import org.junit.jupiter.api.Test;

class TopologyServiceTest {

    @Test
    void twoSinksWithTheSameNameAreReported() {
        TopologyService service = new TopologyService();
        Sink first = batch -> CompletableFuture.completedFuture(null);
        Sink second = batch -> CompletableFuture.completedFuture(null);

        service.addSink(first, Map.of(Sink.NAME_PROPERTY, "file"));
        service.addSink(second, Map.of(Sink.NAME_PROPERTY, "file"));

        assertThat(service.current().sinks()).hasSize(1);
        assertThat(service.current().problems()).contains("two sinks are named 'file'; one of them is used");

        service.removeSink(second);
        assertThat(service.current().problems()).isEmpty();
    }
}
