package org.homeport.receiver.syslog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFramerTest {
    private final List<String> frames = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private final SyslogFramer.Frames sink = new SyslogFramer.Frames() {
        @Override
        public void frame(byte[] bytes, int offset, int length) {
            frames.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void refused(String reason) {
            refusals.add(reason);
        }
    };

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void octetCountingAcrossChunksOfEveryLength() throws Exception {
        String stream = "11 <13>1 hello5 <1>ab23 <13>1 - - - - - - x\ny z";
        for (int split = 1; split < stream.length(); split++) {
            frames.clear();
            SyslogFramer framer = new SyslogFramer(64);
            byte[] all = b(stream);
            framer.feed(all, 0, split, sink);
            framer.feed(all, split, all.length, sink);
            assertThat(frames).as("split at " + split).containsExactly("<13>1 hello", "<1>ab", "<13>1 - - - - - - x\ny z");
        }
    }

    @Test
    void newlineFramingStripsCrAndSkipsEmptyLines() throws Exception {
        SyslogFramer framer = new SyslogFramer(64);
        framer.feed(b("<13>one\r\n\n<13>tw"), sink);
        framer.feed(b("o\n<13>three"), sink);
        assertThat(frames).containsExactly("<13>one", "<13>two");
        framer.end(sink);
        assertThat(frames).containsExactly("<13>one", "<13>two", "<13>three");
        assertThat(refusals).isEmpty();
    }

    @Test
    void bothFramingsMayMixOnOneConnection() throws Exception {
        SyslogFramer framer = new SyslogFramer(64);
        framer.feed(b("<13>a\n5 <1>bc<13>d\n"), sink);
        assertThat(frames).containsExactly("<13>a", "<1>bc", "<13>d");
    }

    @Test
    void anOversizeLineIsSkippedToItsNewlineAndTheStreamGoesOn() throws Exception {
        SyslogFramer framer = new SyslogFramer(16);
        framer.feed(b("<13>" + "x".repeat(10)), sink);
        framer.feed(b("x".repeat(100)), sink);
        assertThat(framer.pendingBytes()).isZero();
        framer.feed(b("x".repeat(100) + "\n<13>ok\n"), sink);
        assertThat(refusals).containsExactly("too-large");
        assertThat(frames).containsExactly("<13>ok");
    }

    @Test
    void badOctetCountsBreakTheStream() {
        for (String bad : new String[] {"0 x", "12x <13>", "1234567890 ", "99 ", "5\n<13>"}) {
            SyslogFramer framer = new SyslogFramer(64);
            assertThatThrownBy(() -> framer.feed(b(bad), sink)).as(bad).isInstanceOf(SyslogFramer.FramingException.class);
            // and stays broken
            assertThatThrownBy(() -> framer.feed(b("<13>x\n"), sink)).isInstanceOf(SyslogFramer.FramingException.class);
        }
        assertThat(frames).isEmpty();
    }

    @Test
    void anOversizeOctetCountIsTooLargeAndHoldsNothing() {
        SyslogFramer framer = new SyslogFramer(64);
        assertThatThrownBy(() -> framer.feed(b("65 <13>"), sink))
                .extracting(e -> ((SyslogFramer.FramingException) e).reason()).isEqualTo("too-large");
        assertThat(framer.pendingBytes()).isZero();
    }

    @Test
    void aTruncatedOctetCountedFrameIsReportedAtTheEnd() throws Exception {
        SyslogFramer framer = new SyslogFramer(64);
        framer.feed(b("20 <13>1 short"), sink);
        assertThat(framer.pendingBytes()).isEqualTo(11);
        framer.end(sink);
        assertThat(frames).isEmpty();
        assertThat(refusals).containsExactly("truncated");
    }
}
