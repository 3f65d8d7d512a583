package org.homeport.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteWriterTest {

    /** Lengths around the one-byte varint limit, ASCII and not, with and without the null bias. */
    private static List<String> strings() {
        List<String> out = new ArrayList<>();
        for (int length : new int[] {0, 1, 126, 127, 128, 129, 300}) {
            out.add("a".repeat(length));
            if (length > 0) {
                out.add("é" + "a".repeat(length - 1));
                out.add("a".repeat(length - 1) + "東");
            }
        }
        out.add("\u007f\u0000 control and DEL stay one byte each");
        out.add("emoji \uD83D\uDE00 is four bytes");
        return out;
    }

    @Test
    void stringsComeBackAndAreWrittenAsLengthThenUtf8() {
        for (String s : strings()) {
            ByteWriter plain = new ByteWriter(16);
            plain.writeString(s);
            plain.writeByte(0x5A);
            ByteWriter nullable = new ByteWriter(16);
            nullable.writeNullableString(s);
            nullable.writeByte(0x5A);

            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertThat(plain.toByteArray()).as("plain %s", s).isEqualTo(expected(utf8, 0));
            assertThat(nullable.toByteArray()).as("nullable %s", s).isEqualTo(expected(utf8, 1));

            ByteReader readPlain = new ByteReader(plain.toByteArray());
            assertThat(readPlain.readString()).isEqualTo(s);
            assertThat(readPlain.readByte()).isEqualTo(0x5A);
            ByteReader readNullable = new ByteReader(nullable.toByteArray());
            assertThat(readNullable.readNullableString()).isEqualTo(s);
            assertThat(readNullable.readByte()).isEqualTo(0x5A);
        }
    }

    @Test
    void nullIsOneZeroByte() {
        ByteWriter w = new ByteWriter(16);
        w.writeNullableString(null);
        assertThat(w.toByteArray()).containsExactly(0);
    }

    private static byte[] expected(byte[] utf8, int bias) {
        ByteWriter length = new ByteWriter(16);
        length.writeVarLong(utf8.length + (long) bias);
        byte[] head = length.toByteArray();
        byte[] out = new byte[head.length + utf8.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(utf8, 0, out, head.length, utf8.length);
        out[out.length - 1] = 0x5A;
        return out;
    }
}
