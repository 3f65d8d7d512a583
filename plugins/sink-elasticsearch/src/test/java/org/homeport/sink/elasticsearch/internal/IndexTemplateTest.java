package org.homeport.sink.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IndexTemplateTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void mapsTheEnvelopeExplicitlyAndBoundsAttributes() throws Exception {
        JsonNode template = json.readTree(IndexTemplate.body("homeport-*", 1, 0, 500, true, 200));

        assertThat(template.at("/index_patterns/0").asText()).isEqualTo("homeport-*");
        JsonNode settings = template.at("/template/settings");
        assertThat(settings.get("index.number_of_replicas").asInt()).isZero();
        assertThat(settings.get("index.mapping.total_fields.limit").asInt()).isEqualTo(500);
        assertThat(settings.get("index.mapping.total_fields.ignore_dynamic_beyond_limit").asBoolean()).isTrue();
        JsonNode mappings = template.at("/template/mappings");
        assertThat(mappings.get("dynamic").asBoolean()).isFalse();
        assertThat(mappings.at("/properties/id/type").asText()).isEqualTo("keyword");
        assertThat(mappings.at("/properties/receivedAt/type").asText()).isEqualTo("date");
        assertThat(mappings.at("/properties/source/properties/device/type").asText()).isEqualTo("keyword");
        assertThat(mappings.at("/properties/subject/type").asText()).isEqualTo("keyword");
        assertThat(mappings.at("/properties/attributes/dynamic").asText()).isEqualTo("true");
        assertThat(mappings.at("/dynamic_templates/0/attribute_strings/mapping/type").asText()).isEqualTo("keyword");
    }

    @Test
    void attributesCanBeStoredWithoutBeingIndexed() throws Exception {
        JsonNode template = json.readTree(IndexTemplate.body("homeport-*", 1, 1, 1000, false, 200));

        assertThat(template.at("/template/mappings/properties/attributes/dynamic").asText()).isEqualTo("false");
    }
}
