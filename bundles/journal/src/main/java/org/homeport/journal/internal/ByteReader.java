package org.homeport.journal.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote. Every read is bounds-checked: a payload that passed its CRC
 * but was written by a different version still fails with {@link MalformedRecordException}, never
 * with an index error or a huge allocation.
 */
final class ByteReader {
    private final byte[] bytes;
    private int position;
    private final int end;

    ByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    ByteReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= end;
    }

    private void need(long n) {
        if (n < 0 || position + n > end) {
            throw new MalformedRecordException("record ends early");
        }
    }

    int readByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    int readInt() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    throw new MalformedRecordException("varint out of range");
                }
                return v;
            }
        }
        throw new MalformedRecordException("varint too long");
    }

    /** A count or length that must fit what is left of the record. */
    int readLength() {
        long n = readVarLong();
        need(n);
        return (int) n;
    }

    /** A count of items of at least {@code minItemBytes} each, checked against what is left. */
    int readCount(int minItemBytes) {
        long n = readVarLong();
        need(n * Math.max(1, minItemBytes));
        return (int) n;
    }

    String readString() {
        int n = readLength();
        String s = new String(bytes, position, n, StandardCharsets.UTF_8);
        position += n;
        return s;
    }

    String readNullableString() {
        long n = readVarLong();
        if (n == 0) {
            return null;
        }
        need(n - 1);
        String s = new String(bytes, position, (int) (n - 1), StandardCharsets.UTF_8);
        position += (int) (n - 1);
        return s;
    }

    void skip(int n) {
        need(n);
        position += n;
    }
}
