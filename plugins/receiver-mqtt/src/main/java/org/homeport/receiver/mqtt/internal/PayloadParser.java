package org.homeport.receiver.mqtt.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a PUBLISH payload, which must be one JSON object in UTF-8, into maps, lists, strings,
 * numbers, booleans and nulls, within bounds: nesting depth, the number of values, the length of a
 * string or name. The payload's size is already bounded by the server's maximum message size.
 * Refusals name the bound, never the content.
 */
final class PayloadParser {
    private final JsonFactory json;
    private final int maxDepth;
    private final int maxValues;

    PayloadParser(int maxDepth, int maxValues, int maxStringLength) {
        this.maxDepth = maxDepth;
        this.maxValues = maxValues;
        this.json = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth + 1)
                        .maxStringLength(maxStringLength)
                        .maxNameLength(maxStringLength)
                        .maxNumberLength(100)
                        .build())
                .build();
    }

    /**
     * @throws RefusedException {@code malformed} if it is not one JSON object in UTF-8,
     *         {@code too-complex} if it is nested deeper or holds more values than allowed
     */
    Map<String, Object> parse(byte[] payload) throws RefusedException {
        try (JsonParser parser = json.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new RefusedException("malformed", "the payload must be a JSON object");
            }
            int[] values = {0};
            Map<String, Object> object = object(parser, 1, values);
            if (parser.nextToken() != null) {
                throw new RefusedException("malformed", "the payload holds more than one JSON value");
            }
            return object;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new RefusedException("too-complex", "the payload exceeds a JSON bound (depth " + maxDepth
                    + ", string and name length)");
        } catch (JsonProcessingException e) {
            // the message of a parse error can quote the input: not passed on
            throw new RefusedException("malformed", "the payload is not valid JSON in UTF-8");
        } catch (IOException e) {
            throw new RefusedException("malformed", "the payload cannot be read as JSON");
        }
    }

    private Map<String, Object> object(JsonParser parser, int depth, int[] values) throws IOException, RefusedException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            map.put(name, value(parser, depth, values));
        }
        return map;
    }

    private Object value(JsonParser parser, int depth, int[] values) throws IOException, RefusedException {
        if (++values[0] > maxValues) {
            throw new RefusedException("too-complex", "the payload holds more than " + maxValues + " JSON values");
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                checkDepth(depth + 1);
                return object(parser, depth + 1, values);
            case START_ARRAY:
                checkDepth(depth + 1);
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser, depth + 1, values));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new RefusedException("malformed", "the payload is not valid JSON");
        }
    }

    private void checkDepth(int depth) throws RefusedException {
        if (depth > maxDepth) {
            throw new RefusedException("too-complex", "the payload is nested deeper than " + maxDepth + " levels");
        }
    }
}
