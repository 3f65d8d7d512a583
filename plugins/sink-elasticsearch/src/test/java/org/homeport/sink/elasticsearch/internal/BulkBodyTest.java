package org.homeport.sink.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkBodyTest {
    @Test
    void writesAnIndexActionAndTheSourceAsStoredPerDocument() {
        byte[] body = BulkBody.of(List.of(
                new BulkTransport.Doc("homeport-acme-p-2026.01.02", "e\"1", "{\"id\":\"e\\\"1\"}".getBytes(StandardCharsets.UTF_8)),
                new BulkTransport.Doc("homeport-acme-p-2026.01.02", "e2", "{\"id\":\"e2\"}".getBytes(StandardCharsets.UTF_8))), 10);

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                "{\"index\":{\"_index\":\"homeport-acme-p-2026.01.02\",\"_id\":\"e\\\"1\"}}\n{\"id\":\"e\\\"1\"}\n"
                        + "{\"index\":{\"_index\":\"homeport-acme-p-2026.01.02\",\"_id\":\"e2\"}}\n{\"id\":\"e2\"}\n");
    }

    @Test
    void readsEachItemsStatusAndErrorTypeInOrder() throws IOException {
        String answer = "{\"errors\":true,\"items\":[{\"index\":{\"status\":201}},"
                + "{\"index\":{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\"}}},"
                + "{\"index\":{\"error\":{\"type\":\"es_rejected_execution_exception\"},\"status\":429}}]}";

        assertThat(BulkBody.items(answer.getBytes(StandardCharsets.UTF_8), 3)).containsExactly(
                new BulkTransport.ItemResult(201, null),
                new BulkTransport.ItemResult(400, "document_parsing_exception"),
                new BulkTransport.ItemResult(429, "es_rejected_execution_exception"));
    }

    @Test
    void refusesAnAnswerItCannotRead() {
        assertThatThrownBy(() -> BulkBody.items("[1]".getBytes(StandardCharsets.UTF_8), 1)).isInstanceOf(IOException.class);
        assertThat(BulkBody.errorType("{\"error\":{\"root_cause\":[],\"type\":\"x_content_parse_exception\"},\"status\":400}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("x_content_parse_exception");
        assertThat(BulkBody.errorType("not json".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
