package org.homeport.sink.file.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads back the top-level fields the sink needs from one of its stored lines, with Jackson's
 * streaming parser, skipping everything else: a field of the same name inside {@code attributes}
 * is never looked at. The one reader of stored lines: data-subject export and erase match on the
 * tenant, purpose, subject and device; the writer rebuilds the (tenant, id)s of a file it
 * continues after a restart.
 *
 * <p>Thread-safe: each call makes its own parser.
 */
final class StoredLineParser {

    /**
     * The fields read from one line; each is {@code null} when absent or not a string (the sink
     * always writes strings).
     */
    record Fields(String id, String tenant, String purpose, String subject, String device) {
    }

    /** Attribute keys are arbitrary and may be personal: keep them out of a long-lived symbol table. */
    private final JsonFactory json = JsonFactory.builder().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();

    /**
     * Reads the current line of {@code line}: its top-level {@code id}, {@code tenant},
     * {@code purpose}, {@code subject} and {@code source.device}.
     *
     * @return the fields, or {@code null} when the line is not one complete JSON object
     */
    Fields parse(ByteLines line) {
        String id = null;
        String tenant = null;
        String purpose = null;
        String subject = null;
        String device = null;
        try (JsonParser parser = json.createParser(line.bytes(), 0, line.length())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> id = text(parser, value);
                    case "tenant" -> tenant = text(parser, value);
                    case "purpose" -> purpose = text(parser, value);
                    case "subject" -> subject = text(parser, value);
                    case "source" -> device = device(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            // Jackson's message quotes the line: it is neither logged nor kept.
            return null;
        }
        return new Fields(id, tenant, purpose, subject, device);
    }

    private static String device(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String device = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken fieldValue = parser.nextToken();
            if (field.equals("device")) {
                device = text(parser, fieldValue);
            } else {
                parser.skipChildren();
            }
        }
        return device;
    }

    /** The value if it is a string; anything else (the sink never writes it) counts as absent. */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }
}
