package org.homeport.api.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.homeport.api.event.TestEvents;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static String string(String s) {
        StringBuilder out = new StringBuilder();
        EventJson.appendString(out, s);
        return out.toString();
    }

    private static String value(Object v) {
        StringBuilder out = new StringBuilder();
        EventJson.appendValue(out, v);
        return out.toString();
    }

    @Test
    void writesNumbersWithTheDigitsOfTheirToString() {
        java.util.Random random = new java.util.Random(7);
        java.util.List<Object> numbers = new java.util.ArrayList<>(java.util.List.of(0L, -0.0, 0.0, 1e-7, 1e21, 123.0,
                Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, Double.MIN_VALUE, Double.MAX_VALUE, 73.6, 0.1 + 0.2,
                (short) 7, (byte) -3, 2.5f, new BigDecimal("1E+3"), new java.math.BigInteger("123456789012345678901")));
        for (int i = 0; i < 10_000; i++) {
            numbers.add(random.nextLong());
            numbers.add(random.nextInt());
            numbers.add(Double.longBitsToDouble(random.nextLong()));
            numbers.add(random.nextDouble() * 1000);
        }
        for (Object n : numbers) {
            if (n instanceof Double d && !Double.isFinite(d)) {
                continue; // not JSON values: JsonData refuses them before an event exists
            }
            assertThat(value(n)).as("%s of %s", n, n.getClass()).isEqualTo(n.toString());
        }
    }

    @Test
    void copiesStringsWithoutEscapesWholeAndEscapesInTheMiddleOrAtTheEnds() {
        assertThat(string("")).isEqualTo("\"\"");
        assertThat(string("user-8fadc1a606cb4fb3")).isEqualTo("\"user-8fadc1a606cb4fb3\"");
        assertThat(string("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(string("\nab")).isEqualTo("\"\\nab\"");
        assertThat(string("ab\\")).isEqualTo("\"ab\\\\\"");
        assertThat(string("ab\u2028cd")).isEqualTo("\"ab\\u2028cd\"");
    }

    @Test
    void keepsSurrogatePairsAndEscapesLoneSurrogatesThatUtf8WouldLose() {
        assertThat(string("a😀b")).isEqualTo("\"a😀b\"");
        assertThat(string("a\uD800b")).isEqualTo("\"a\\ud800b\"");
        assertThat(string("\uDE00x")).isEqualTo("\"\\ude00x\"");
        assertThat(string("end\uD83D")).isEqualTo("\"end\\ud83d\"");
        assertThat(string("\uDE00\uD83D")).isEqualTo("\"\\ude00\\ud83d\"");
    }

    @Test
    void writesInstantsExactlyAsInstantToStringDoes() {
        java.util.Random random = new java.util.Random(12);
        java.util.List<java.time.Instant> instants = new java.util.ArrayList<>(java.util.List.of(
                java.time.Instant.EPOCH, java.time.Instant.ofEpochSecond(-1), java.time.Instant.ofEpochSecond(-1, 1),
                java.time.Instant.parse("0000-01-01T00:00:00Z"), java.time.Instant.parse("9999-12-31T23:59:59.999999999Z"),
                java.time.Instant.parse("-0001-12-31T23:59:59Z"), java.time.Instant.parse("+10000-01-01T00:00:00Z"),
                java.time.Instant.MIN, java.time.Instant.MAX, java.time.Instant.parse("2024-02-29T12:00:00.120Z"),
                java.time.Instant.parse("2026-11-23T12:00:00.000100Z")));
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(java.time.Instant.ofEpochSecond(seconds, nano));
        }
        for (java.time.Instant instant : instants) {
            StringBuilder out = new StringBuilder();
            EventJson.appendInstant(out, instant);
            assertThat(out.toString()).isEqualTo("\"" + instant + "\"");
        }
    }

    @Test
    void writesAnEventWithSubjectVersionAndDevice() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("message", "sync failed");
        attributes.put("count", 3);

        assertThat(EventJson.toJson(TestEvents.crashReport(attributes))).isEqualTo(
                "{\"id\":\"e-1\",\"tenant\":\"acme\",\"type\":\"app.error\",\"purpose\":\"crash-reports\","
                        + "\"time\":\"2026-11-23T10:00:00Z\",\"receivedAt\":\"2026-11-23T10:00:01Z\","
                        + "\"source\":{\"product\":\"meet\",\"version\":\"45.3.1\",\"device\":\"d-8842\"},"
                        + "\"subject\":\"user-4711\",\"attributes\":{\"message\":\"sync failed\",\"count\":3}}");
    }

    @Test
    void leavesOutSubjectVersionAndDeviceWhenAbsent() {
        assertThat(EventJson.toJson(TestEvents.faultAlert(Map.of()))).isEqualTo(
                "{\"id\":\"e-2\",\"tenant\":\"acme\",\"type\":\"hw.fault\",\"purpose\":\"fault-alerts\","
                        + "\"time\":\"2026-11-23T10:00:00Z\",\"receivedAt\":\"2026-11-23T10:00:01Z\","
                        + "\"source\":{\"product\":\"array-9000\"},\"attributes\":{}}");
    }

    @Test
    void appendEventAppendsToWhatIsThere() {
        StringBuilder out = new StringBuilder("[");
        EventJson.appendEvent(out, TestEvents.faultAlert(Map.of()));
        assertThat(out.toString()).startsWith("[{\"id\":\"e-2\"").endsWith("}");
    }

    @Test
    void writesNestedValuesOfEveryKind() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("s", "x");
        object.put("n", 1.5);
        object.put("big", new BigDecimal("12345678901234567890.25"));
        object.put("b", false);
        object.put("nothing", null);
        object.put("list", Arrays.asList(1, null, "two", Map.of()));
        assertThat(value(object)).isEqualTo(
                "{\"s\":\"x\",\"n\":1.5,\"big\":12345678901234567890.25,\"b\":false,\"nothing\":null,"
                        + "\"list\":[1,null,\"two\",{}]}");
    }

    @Test
    void refusesValuesThatAreNotJson() {
        assertThatThrownBy(() -> value(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON value: java.lang.Object");
    }

    @Test
    void escapesQuotesAndBackslashes() {
        assertThat(string("say \"hi\" C:\\Users\\alice")).isEqualTo("\"say \\\"hi\\\" C:\\\\Users\\\\alice\"");
    }

    @Test
    void escapesControlCharactersWithShortFormsWhereJsonHasThem() {
        assertThat(string("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(string("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
    }

    @Test
    void escapesLineAndParagraphSeparatorsSoALineStaysOneLine() {
        assertThat(string("a\u2028b\u2029c\u0085d")).isEqualTo("\"a\\u2028b\\u2029c\\u0085d\"");
    }

    @Test
    void leavesOtherCharactersAsTheyAre() {
        assertThat(string("Grüße / 東京 \u007f 🙂 '")).isEqualTo("\"Grüße / 東京 \u007f 🙂 '\"");
    }

    @Test
    void anEventFullOfLineBreaksIsStillOneLine() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("stack", "at A\n\tat B\r\n\u2028\u2029");
        attributes.put("key\nwith break", "v");
        String json = EventJson.toJson(TestEvents.crashReport(attributes));

        assertThat(json).doesNotContain("\n", "\r", "\u2028", "\u2029");
        assertThat(json.lines()).hasSize(1);
    }
}
