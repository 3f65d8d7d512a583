package org.homeport.sink.elasticsearch.internal;

import org.homeport.api.util.EventJson;

/**
 * The composable index template the sink installs for its indices: explicit mappings for the event
 * envelope (ids and names as {@code keyword}, times as {@code date}) and bounded mappings for the free
 * {@code attributes}, whose keys devices choose.
 *
 * <p>Attributes, {@code attributes.mapping}:
 * <ul>
 * <li>{@code dynamic} (default): new attribute fields are mapped as they come, strings as {@code keyword}
 * (up to 1024 characters indexed), no date or number detection from strings; at most
 * {@code fields.limit} fields per index, and fields beyond it are kept in {@code _source} but not indexed
 * ({@code index.mapping.total_fields.ignore_dynamic_beyond_limit}), so a flood of device-chosen keys
 * neither explodes the mapping nor refuses events. A value whose type conflicts with the field's mapping
 * (a string where the first event had a number) is refused: it goes to the dead letters.
 * <li>{@code none}: attributes are kept in {@code _source} only, not searchable; nothing is ever refused
 * for them.
 * </ul>
 */
final class IndexTemplate {
    private IndexTemplate() {
    }

    static String body(String indexPattern, int shards, int replicas, int fieldsLimit, boolean dynamicAttributes,
            int priority) {
        StringBuilder json = new StringBuilder(1024);
        json.append("{\"index_patterns\":[");
        EventJson.appendString(json, indexPattern);
        json.append("],\"priority\":").append(priority);
        json.append(",\"_meta\":{\"managed_by\":\"homeport-sink-elasticsearch\"}");
        json.append(",\"template\":{\"settings\":{");
        json.append("\"index.number_of_shards\":").append(shards);
        json.append(",\"index.number_of_replicas\":").append(replicas);
        json.append(",\"index.mapping.total_fields.limit\":").append(fieldsLimit);
        json.append(",\"index.mapping.total_fields.ignore_dynamic_beyond_limit\":true");
        json.append(",\"index.mapping.depth.limit\":20");
        json.append("},\"mappings\":{");
        json.append("\"dynamic\":false,\"date_detection\":false,\"numeric_detection\":false,");
        json.append("\"dynamic_templates\":[{\"attribute_strings\":{\"path_match\":\"attributes.*\",")
                .append("\"match_mapping_type\":\"string\",\"mapping\":{\"type\":\"keyword\",\"ignore_above\":1024}}}],");
        json.append("\"properties\":{");
        json.append("\"id\":{\"type\":\"keyword\"},");
        json.append("\"tenant\":{\"type\":\"keyword\"},");
        json.append("\"type\":{\"type\":\"keyword\"},");
        json.append("\"purpose\":{\"type\":\"keyword\"},");
        json.append("\"time\":{\"type\":\"date\"},");
        json.append("\"receivedAt\":{\"type\":\"date\"},");
        json.append("\"subject\":{\"type\":\"keyword\"},");
        json.append("\"source\":{\"properties\":{\"product\":{\"type\":\"keyword\"},\"version\":{\"type\":\"keyword\"},")
                .append("\"device\":{\"type\":\"keyword\"}}},");
        json.append("\"attributes\":{\"type\":\"object\",\"dynamic\":").append(dynamicAttributes ? "true" : "false")
                .append('}');
        json.append("}}}}");
        return json.toString();
    }
}
