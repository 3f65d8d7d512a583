package org.homeport.sink.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemOutcomeTest {
    @Test
    void storedItemsAreDone() {
        assertThat(ItemOutcome.of(201, null)).isEqualTo(ItemOutcome.STORED);
        assertThat(ItemOutcome.of(200, null)).isEqualTo(ItemOutcome.STORED);
    }

    @Test
    void mappingErrorsAndBadDocumentsAreRefusedForGood() {
        assertThat(ItemOutcome.of(400, "document_parsing_exception")).isEqualTo(ItemOutcome.REFUSED);
        assertThat(ItemOutcome.of(400, "mapper_parsing_exception")).isEqualTo(ItemOutcome.REFUSED);
        assertThat(ItemOutcome.of(400, "illegal_argument_exception")).isEqualTo(ItemOutcome.REFUSED);
        assertThat(ItemOutcome.of(413, null)).isEqualTo(ItemOutcome.REFUSED);
    }

    @Test
    void busyClustersSlowTheSinkDown() {
        assertThat(ItemOutcome.of(429, "es_rejected_execution_exception")).isEqualTo(ItemOutcome.THROTTLED);
    }

    @Test
    void whatAnOperatorOrTimeCanFixIsRetried() {
        assertThat(ItemOutcome.of(503, "unavailable_shards_exception")).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.of(500, null)).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.of(403, "cluster_block_exception")).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.of(400, "index_closed_exception")).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.of(401, "security_exception")).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.of(404, "index_not_found_exception")).isEqualTo(ItemOutcome.RETRY);
        assertThat(ItemOutcome.of(409, "version_conflict_engine_exception")).isEqualTo(ItemOutcome.RETRY);
    }
}
