package org.homeport.receiver.syslog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyslogParserTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private final SyslogParser parser = new SyslogParser(2048, 3, 5);

    private SyslogMessage parse(String text) throws MalformedMessageException {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private void refused(String text, String reason) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(MalformedMessageException.class)
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo(reason);
    }

    @Test
    void readsTheRfc5424Example() throws Exception {
        SyslogMessage m = parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] \uFEFFAn application event");
        assertThat(m.facility()).isEqualTo(20);
        assertThat(m.severity()).isEqualTo(5);
        assertThat(m.facilityName()).isEqualTo("local4");
        assertThat(m.severityName()).isEqualTo("notice");
        assertThat(m.version()).isEqualTo(1);
        assertThat(m.timestamp()).isEqualTo(Instant.parse("2003-10-11T22:14:15.003Z"));
        assertThat(m.hostname()).isEqualTo("mymachine.example.com");
        assertThat(m.appName()).isEqualTo("evntslog");
        assertThat(m.procId()).isNull();
        assertThat(m.msgId()).isEqualTo("ID47");
        assertThat(m.structuredData()).hasSize(1);
        assertThat(m.element("exampleSDID@32473").params()).containsExactly(
                java.util.Map.entry("iut", "3"), java.util.Map.entry("eventSource", "Application"),
                java.util.Map.entry("eventID", "1011"));
        assertThat(m.msg()).isEqualTo("An application event");
    }

    @Test
    void readsNilValuesEscapesAndSeveralElements() throws Exception {
        SyslogMessage m = parse("<13>1 - - - - - [a x=\"q\\\"b\\]c\\\\d\\n\"][b@1 y=\"\"]");
        assertThat(m.timestamp()).isNull();
        assertThat(m.hostname()).isNull();
        assertThat(m.appName()).isNull();
        assertThat(m.msg()).isNull();
        assertThat(m.element("a").params().get("x")).isEqualTo("q\"b]c\\d\\n");
        assertThat(m.element("b@1").params().get("y")).isEmpty();
        assertThat(parse("<13>1 2026-12-04T10:00:00+02:00 h a p m - hello world").timestamp())
                .isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
    }

    @Test
    void readsRfc3164AsLoggerSendsIt() throws Exception {
        SyslogMessage m = parse("<13>Dec  4 11:59:01 box.local myapp[1234]: hello there");
        assertThat(m.version()).isZero();
        assertThat(m.facilityName()).isEqualTo("user");
        assertThat(m.severityName()).isEqualTo("notice");
        assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-12-04T11:59:01Z"));
        assertThat(m.hostname()).isEqualTo("box.local");
        assertThat(m.appName()).isEqualTo("myapp");
        assertThat(m.procId()).isEqualTo("1234");
        assertThat(m.msg()).isEqualTo("hello there");
    }

    @Test
    void rfc3164WithoutHeaderKeepsEverythingAsTheMessage() throws Exception {
        SyslogMessage m = parse("<34>just some text: with a colon");
        assertThat(m.facilityName()).isEqualTo("auth");
        assertThat(m.timestamp()).isNull();
        assertThat(m.hostname()).isNull();
        assertThat(m.appName()).isNull();
        assertThat(m.msg()).isEqualTo("just some text: with a colon");
        SyslogMessage tagged = parse("<34>su: 'su root' failed");
        assertThat(tagged.appName()).isEqualTo("su");
        assertThat(tagged.msg()).isEqualTo("'su root' failed");
        // a December timestamp read in January is last year's
        SyslogMessage late = new SyslogParser(2048, 3, 5).parse("<13>Dec 31 23:59:59 h t: x".getBytes(StandardCharsets.UTF_8),
                Instant.parse("2027-01-01T00:00:05Z"));
        assertThat(late.timestamp()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
    }

    @Test
    void refusesBadPri() {
        refused("no pri", "bad-pri");
        refused("<192>1 - - - - - -", "bad-pri");
        refused("<013>1 - - - - - -", "bad-pri");
        refused("<1234>x", "bad-pri");
        refused("<>x", "bad-pri");
        refused("<13", "bad-pri");
        refused("<\u0663>x", "bad-pri");
        refused("", "malformed");
    }

    @Test
    void refusesMalformedRfc5424Headers() {
        refused("<13>1 2026-13-45T99:00:00Z h a p m -", "bad-timestamp");
        refused("<13>1 - h a p m", "malformed");
        refused("<13>1 - h a p m x", "malformed");
        refused("<13>1 -  a p m -", "malformed");
        refused("<13>1 - h " + "a".repeat(49) + " p m -", "malformed");
        refused("<13>1 - h a p " + "m".repeat(33) + " -", "malformed");
        refused("<13>1 - h\u00e9 a p m -", "malformed");
        refused("<13>1 - h a p m -x", "malformed");
    }

    @Test
    void refusesTruncatedOrOverlongStructuredData() {
        refused("<13>1 - h a p m [id x=\"1\"", "malformed");
        refused("<13>1 - h a p m [id x=\"1", "malformed");
        refused("<13>1 - h a p m [id x=1]", "malformed");
        refused("<13>1 - h a p m [", "malformed");
        refused("<13>1 - h a p m [" + "i".repeat(33) + "]", "malformed");
        refused("<13>1 - h a p m [a][b][c][d]", "too-many-sd-elements");
        refused("<13>1 - h a p m [a p=\"1\" q=\"1\" r=\"1\"][b s=\"1\" t=\"1\" u=\"1\"]", "too-many-sd-elements");
    }

    @Test
    void refusesOversizeAndInvalidUtf8() {
        refused("<13>1 - h a p m - " + "x".repeat(2048), "too-large");
        byte[] bad = "<13>1 - h a p m - x?y".getBytes(StandardCharsets.US_ASCII);
        bad[bad.length - 2] = (byte) 0xC3; // a lead byte without its continuation
        assertThatThrownBy(() -> parser.parse(bad, NOW)).extracting(e -> ((MalformedMessageException) e).reason())
                .isEqualTo("invalid-utf8");
        byte[] overlong = {'<', '1', '3', '>', 'x', (byte) 0xC0, (byte) 0xAF};
        assertThatThrownBy(() -> parser.parse(overlong, NOW)).extracting(e -> ((MalformedMessageException) e).reason())
                .isEqualTo("invalid-utf8");
    }

    @Test
    void hostileInputOfEveryShapeIsRefusedOrParsedNeverThrowsAnythingElse() {
        java.util.Random random = new java.util.Random(16);
        String alphabet = "<>1 -[]\"\\=x@:0123456789\n\u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "<13>1 " : "<13>");
            int n = random.nextInt(60);
            for (int j = 0; j < n; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                parse(s.toString());
            } catch (MalformedMessageException e) {
                assertThat(e.reason()).matches("[a-z0-9-]+");
            }
        }
    }
}
