package org.homeport.journal.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the few primitives the journal's codecs need. */
final class ByteWriter {
    private byte[] bytes;
    private int size;

    ByteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    /** Unsigned LEB128; {@code v} must not be negative. */
    void writeVarLong(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative varint: " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    void writeBytes(byte[] b) {
        writeVarLong(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    void writeString(String s) {
        writeUtf8(s, 0);
    }

    /** A string that may be {@code null}: 0 for null, else 1 + length. */
    void writeNullableString(String s) {
        if (s == null) {
            writeVarLong(0);
            return;
        }
        writeUtf8(s, 1);
    }

    /**
     * The UTF-8 length plus {@code lengthBias}, then the bytes. Short ASCII strings, almost every
     * string of an event, are copied straight into the buffer: {@code getBytes} made a throw-away array
     * for each, about a fifth of what the intake allocated.
     */
    private void writeUtf8(String s, int lengthBias) {
        int length = s.length();
        if (length < 128) {
            int at = size;
            ensure(1 + length);
            size++;
            for (int i = 0; i < length; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    size = at;
                    writeEncoded(s, lengthBias);
                    return;
                }
                bytes[size++] = (byte) c;
            }
            if (length + lengthBias < 128) {
                bytes[at] = (byte) (length + lengthBias);
                return;
            }
            // 127 characters with a bias of one: the length takes two varint bytes
            size = at;
        }
        writeEncoded(s, lengthBias);
    }

    private void writeEncoded(String s, int lengthBias) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(b.length + (long) lengthBias);
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** Reserves room for a fixed 4-byte length to patch later; returns its position. */
    int reserveInt() {
        ensure(4);
        int at = size;
        size += 4;
        return at;
    }

    void patchInt(int at, int v) {
        bytes[at] = (byte) (v >>> 24);
        bytes[at + 1] = (byte) (v >>> 16);
        bytes[at + 2] = (byte) (v >>> 8);
        bytes[at + 3] = (byte) v;
    }
}
