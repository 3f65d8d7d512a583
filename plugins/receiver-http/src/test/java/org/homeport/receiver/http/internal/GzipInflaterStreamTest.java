package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipInflaterStreamTest {
    private final ByteArrayOutputStream inflated = new ByteArrayOutputStream();

    private GzipInflaterStream stream(long limit) {
        return new GzipInflaterStream(limit, 64, (bytes, offset, length) -> inflated.write(bytes, offset, length));
    }

    @Test
    void inflatesWhenFedOneByteAtATime() throws Exception {
        byte[] gzip = gzip("hello, homeport ".repeat(50));
        try (GzipInflaterStream stream = stream(1 << 20)) {
            for (byte b : gzip) {
                stream.write(new byte[] {b}, 0, 1);
            }
            stream.finish();
        }
        assertThat(inflated.toString(StandardCharsets.UTF_8)).isEqualTo("hello, homeport ".repeat(50));
    }

    @Test
    void inflatesConcatenatedMembersAndSkipsOptionalHeaderFields() throws Exception {
        byte[] withName = withFileNameAndComment(gzip("first "));
        byte[] second = gzip("second");
        byte[] both = new byte[withName.length + second.length];
        System.arraycopy(withName, 0, both, 0, withName.length);
        System.arraycopy(second, 0, both, withName.length, second.length);
        try (GzipInflaterStream stream = stream(1 << 20)) {
            stream.write(both, 0, both.length);
            stream.finish();
        }
        assertThat(inflated.toString(StandardCharsets.UTF_8)).isEqualTo("first second");
    }

    @Test
    void stopsAtTheLimitWithoutInflatingTheRest() throws Exception {
        byte[] gzip = gzip(" ".repeat(1_000_000));
        try (GzipInflaterStream stream = stream(10_000)) {
            assertThatThrownBy(() -> stream.write(gzip, 0, gzip.length))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.DECOMPRESSED_TOO_LARGE));
            assertThat(stream.inflatedBytes()).isLessThan(10_000 + 64 + 1);
        }
        assertThat(inflated.size()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void refusesWhatIsNotGzipAndWhatIsTruncated() throws Exception {
        byte[] plain = "[{}]".getBytes(StandardCharsets.UTF_8);
        byte[] plainPadded = "[{}]        ".getBytes(StandardCharsets.UTF_8);
        try (GzipInflaterStream stream = stream(1 << 20)) {
            assertThatThrownBy(() -> stream.write(plainPadded, 0, plainPadded.length))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("not a gzip stream");
        }
        byte[] gzip = gzip("some json");
        try (GzipInflaterStream stream = stream(1 << 20)) {
            stream.write(gzip, 0, gzip.length - 3);
            assertThatThrownBy(stream::finish).isInstanceOf(ProblemException.class).hasMessageContaining("truncated");
        }
        try (GzipInflaterStream stream = stream(1 << 20)) {
            stream.write(plain, 0, plain.length);
            assertThatThrownBy(stream::finish).isInstanceOf(ProblemException.class);
        }
    }

    @Test
    void refusesACorruptChecksum() throws Exception {
        byte[] gzip = gzip("checked");
        gzip[gzip.length - 8] ^= 1;
        try (GzipInflaterStream stream = stream(1 << 20)) {
            assertThatThrownBy(() -> stream.write(gzip, 0, gzip.length)).hasMessageContaining("CRC");
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Sets FNAME and FCOMMENT in a JDK-written member (which has neither) and inserts both. */
    private static byte[] withFileNameAndComment(byte[] member) {
        byte[] extra = "events.json\0a comment\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[member.length + extra.length];
        System.arraycopy(member, 0, out, 0, 10);
        out[3] = (byte) (out[3] | 0x08 | 0x10);
        System.arraycopy(extra, 0, out, 10, extra.length);
        System.arraycopy(member, 10, out, 10 + extra.length, member.length - 10);
        return out;
    }
}
