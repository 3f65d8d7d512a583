package org.homeport.api.util.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProblemJsonTest {

    @Test
    void writesTypeTitleStatusAndDetailInThatOrder() {
        assertThat(ProblemJson.write(429, "too-many-attempts", "Too many failed attempts", "wait and try again"))
                .isEqualTo("{\"type\":\"https://homeport.dev/problems/too-many-attempts\",\"title\":\"Too many failed attempts\","
                        + "\"status\":429,\"detail\":\"wait and try again\"}");
    }

    @Test
    void leavesOutAMissingDetail() {
        assertThat(ProblemJson.write(404, "not-found", "Not found", null))
                .isEqualTo("{\"type\":\"https://homeport.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404}");
    }

    @Test
    void writesExtensionMembersAfterDetailInTheirOrder() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", 0);
        error.put("status", "REJECTED");
        error.put("reason", "invalid");
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("errors", List.of(error));
        members.put("retry", false);
        members.put("none", null);

        assertThat(ProblemJson.write(422, "events-rejected", "Events rejected", "no event was accepted", members))
                .isEqualTo("{\"type\":\"https://homeport.dev/problems/events-rejected\",\"title\":\"Events rejected\","
                        + "\"status\":422,\"detail\":\"no event was accepted\",\"errors\":[{\"index\":0,\"status\":\"REJECTED\","
                        + "\"reason\":\"invalid\"}],\"retry\":false,\"none\":null}");
    }

    @Test
    void escapesALoneSurrogateInsteadOfFailing() {
        assertThat(ProblemJson.write(400, "x", "X", "a\uD800b")).endsWith("\"detail\":\"a\\ud800b\"}");
    }

    @Test
    void refusesMemberValuesThatAreNotJson() {
        assertThatThrownBy(() -> ProblemJson.write(400, "x", "X", null, Map.of("when", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON value");
    }

    /**
     * The receiver wrote with Jackson's UTF-8 generator, the admin API and security with Vert.x's
     * JsonObject. Jackson must read back exactly what was written, whatever the characters: the
     * bytes are the same as Jackson's for ASCII; outside it they may differ in form only (a whole
     * surrogate pair is written as the character, U+0085, U+2028 and U+2029 are escaped so a
     * document stays one line for every reader).
     */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "quote \" and back\\slash", "line\nbreak\r\ttab\b\f", "\u0000\u0001\u001f\u007f",
            "slash / and <html> & 'quotes'", "jürgen ✓ 😀 \u0085 \u2028 \u2029", "Content-Length: 12, 13"})
    void jacksonReadsBackWhatJacksonWouldHaveWritten(String detail) throws IOException {
        ByteArrayOutputStream jackson = new ByteArrayOutputStream();
        try (JsonGenerator gen = new JsonFactory().createGenerator(jackson)) {
            gen.writeStartObject();
            gen.writeStringField("type", "https://homeport.dev/problems/bad-framing");
            gen.writeStringField("title", "Ambiguous request framing");
            gen.writeNumberField("status", 400);
            gen.writeStringField("detail", detail);
            gen.writeArrayFieldStart("errors");
            gen.writeStartObject();
            gen.writeNumberField("index", 3);
            gen.writeStringField("detail", detail);
            gen.writeEndObject();
            gen.writeEndArray();
            gen.writeEndObject();
        }

        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", 3);
        error.put("detail", detail);
        String written = ProblemJson.write(400, "bad-framing", "Ambiguous request framing", detail,
                Map.of("errors", List.of(error)));

        assertThat(tokens(written.getBytes(StandardCharsets.UTF_8))).isEqualTo(tokens(jackson.toByteArray()))
                .contains("VALUE_STRING " + detail);
        assertThat(written).doesNotContain("\n", "\u2028", "\u2029", "\u0085");
        if (detail.chars().allMatch(c -> c < 0x7f)) {
            assertThat(written.getBytes(StandardCharsets.UTF_8)).isEqualTo(jackson.toByteArray());
        }
    }

    /** Every token of a JSON document as Jackson reads it: its kind and its text. */
    private static List<String> tokens(byte[] json) throws IOException {
        List<String> tokens = new java.util.ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser parser = new JsonFactory().createParser(json)) {
            for (com.fasterxml.jackson.core.JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                tokens.add(t + " " + parser.getText());
            }
        }
        return tokens;
    }
}
