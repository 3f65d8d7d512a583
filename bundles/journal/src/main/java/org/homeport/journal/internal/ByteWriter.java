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
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A string that may be {@code null}: 0 for null, else 1 + length. */
    void writeNullableString(String s) {
        if (s == null) {
            writeVarLong(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(b.length + 1L);
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
