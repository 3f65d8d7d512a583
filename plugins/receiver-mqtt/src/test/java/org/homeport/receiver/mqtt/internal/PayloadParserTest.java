package org.homeport.receiver.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadParserTest {
    private final PayloadParser parser = new PayloadParser(3, 20, 50);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(ThrowingRunnable r) {
        try {
            r.run();
        } catch (RefusedException e) {
            return e.refusal().reason();
        }
        throw new AssertionError("not refused");
    }

    interface ThrowingRunnable {
        void run() throws RefusedException;
    }

    @Test
    void aJsonObjectBecomesMapsListsAndScalars() throws Exception {
        Map<String, Object> parsed = parser.parse(b("{\"pages\":42,\"ratio\":0.5,\"ok\":true,\"none\":null,"
                + "\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":\"y\"}}"));
        assertThat(parsed).containsEntry("pages", 42).containsEntry("ratio", 0.5).containsEntry("ok", true)
                .containsEntry("none", null).containsEntry("tags", List.of("a", "b"))
                .containsEntry("nested", Map.of("x", "y"));
    }

    @Test
    void anythingButOneJsonObjectIsMalformed() {
        assertThat(reason(() -> parser.parse(b("[1,2]")))).isEqualTo("malformed");
        assertThat(reason(() -> parser.parse(b("\"text\"")))).isEqualTo("malformed");
        assertThat(reason(() -> parser.parse(b("{\"a\":1")))).isEqualTo("malformed");
        assertThat(reason(() -> parser.parse(b("{\"a\":1} {\"b\":2}")))).isEqualTo("malformed");
        assertThat(reason(() -> parser.parse(b("paper jam")))).isEqualTo("malformed");
        assertThat(reason(() -> parser.parse(new byte[0]))).isEqualTo("malformed");
        assertThat(reason(() -> parser.parse(b("{\"a\":1,\"a\":2}")))).as("a repeated member").isEqualTo("malformed");
        assertThat(reason(() -> parser.parse(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'})))
                .as("invalid UTF-8").isEqualTo("malformed");
    }

    @Test
    void depthValuesAndStringLengthAreBounded() throws Exception {
        parser.parse(b("{\"a\":{\"b\":{\"c\":1}}}"));
        assertThat(reason(() -> parser.parse(b("{\"a\":{\"b\":{\"c\":{\"d\":1}}}}")))).isEqualTo("too-complex");
        assertThat(reason(() -> parser.parse(b("{\"a\":[" + "1,".repeat(30) + "1]}")))).isEqualTo("too-complex");
        assertThat(reason(() -> parser.parse(b("{\"a\":\"" + "x".repeat(51) + "\"}")))).isEqualTo("too-complex");
        assertThat(reason(() -> parser.parse(b("[".repeat(10_000))))).isEqualTo("malformed");
        assertThat(reason(() -> parser.parse(b("{\"a\":" + "[".repeat(10_000))))).isEqualTo("too-complex");
    }

    @Test
    void refusalsNeverQuoteThePayload() {
        try {
            parser.parse(b("{\"secret\": jane.doe@example.com}"));
        } catch (RefusedException e) {
            assertThat(e.getMessage()).doesNotContain("jane").doesNotContain("secret");
            return;
        }
        throw new AssertionError("not refused");
    }
}
