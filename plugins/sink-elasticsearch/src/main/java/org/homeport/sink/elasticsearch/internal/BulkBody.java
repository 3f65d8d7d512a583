package org.homeport.sink.elasticsearch.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.homeport.api.util.EventJson;

/**
 * The wire form of the sink's bulk requests and answers. Writing the NDJSON body from the documents' bytes
 * and reading only each item's status and error type (the request asks for just those with
 * {@code filter_path}) costs a fraction of building and parsing the Java client's typed objects for 2000
 * items per request: that is what kept the sink at about half of a plain loader's throughput.
 */
final class BulkBody {
    /** The parts of the answer the sink reads; Elasticsearch leaves out the rest. */
    static final String FILTER_PATH = "errors,items.*.status,items.*.error.type";
    private static final JsonFactory JSON = new JsonFactory();

    private BulkBody() {
    }

    /** One {@code index} action line and the source line per document. */
    static byte[] of(List<BulkTransport.Doc> docs, long bytesHint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, Math.max(1024, bytesHint)));
        StringBuilder action = new StringBuilder(160);
        for (BulkTransport.Doc doc : docs) {
            action.setLength(0);
            action.append("{\"index\":{\"_index\":");
            EventJson.appendString(action, doc.index());
            action.append(",\"_id\":");
            EventJson.appendString(action, doc.id());
            action.append("}}\n");
            out.writeBytes(action.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(doc.source());
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * Each item's status and error type, in order, from an answer filtered by {@link #FILTER_PATH}.
     *
     * @throws IOException when the answer is not such JSON
     */
    static List<BulkTransport.ItemResult> items(byte[] answer, int expected) throws IOException {
        List<BulkTransport.ItemResult> items = new ArrayList<>(expected);
        try (JsonParser parser = JSON.createParser(answer)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("items") || value != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    // {"index": {"status": 201, "error": {"type": "..."}}}
                    expect(parser.nextToken(), JsonToken.FIELD_NAME);
                    expect(parser.nextToken(), JsonToken.START_OBJECT);
                    int status = 0;
                    String type = null;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken token = parser.nextToken();
                        if (name.equals("status") && token == JsonToken.VALUE_NUMBER_INT) {
                            status = parser.getIntValue();
                        } else if (name.equals("error") && token == JsonToken.START_OBJECT) {
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String errorField = parser.currentName();
                                JsonToken errorValue = parser.nextToken();
                                if (errorField.equals("type") && errorValue == JsonToken.VALUE_STRING) {
                                    type = parser.getText();
                                } else {
                                    parser.skipChildren();
                                }
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                    expect(parser.nextToken(), JsonToken.END_OBJECT);
                    items.add(new BulkTransport.ItemResult(status, type));
                }
            }
        }
        return items;
    }

    /** The {@code error.type} of an error answer, or {@code null}. */
    static String errorType(byte[] answer) {
        try (JsonParser parser = JSON.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("error") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken token = parser.nextToken();
                        if (name.equals("type") && token == JsonToken.VALUE_STRING) {
                            return parser.getText();
                        }
                        parser.skipChildren();
                    }
                    return null;
                }
                parser.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static void expect(JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted) {
            throw new IOException("unexpected bulk answer: " + actual + " where " + wanted + " belongs");
        }
    }
}
