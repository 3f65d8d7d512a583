package org.homeport.journal.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The on-disk format (all integers big-endian). See {@link SegmentLog} and the module README.
 *
 * <pre>
 * segment header (24 bytes): magic "HPJL" | version u32 (1) | first sequence u64 | crc32c u32 of the 16 bytes before | 0 u32
 * record frame (16 + n bytes): length u32 (n) | crc32c u32 of (sequence u64 | payload) | sequence u64 | payload n bytes
 * </pre>
 */
final class Frames {

    static final int MAGIC = 0x48504A4C; // "HPJL"
    static final int VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 24;
    static final int FRAME_HEADER_BYTES = 16;
    /** A frame is at least its header and one payload byte: empty payloads are refused. */
    static final int MIN_FRAME_BYTES = FRAME_HEADER_BYTES + 1;

    private Frames() {
    }

    static ByteBuffer segmentHeader(long firstSequence) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        b.putInt(MAGIC).putInt(VERSION).putLong(firstSequence);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        b.putInt((int) crc.getValue()).putInt(0);
        return b.flip();
    }

    /** The first sequence a header declares, or -1 if it is truncated or invalid. */
    static long parseSegmentHeader(FileChannel ch) throws IOException {
        if (ch.size() < SEGMENT_HEADER_BYTES) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        readFully(ch, b, 0);
        b.flip();
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION || b.getInt(16) != (int) crc.getValue()) {
            return -1;
        }
        long first = b.getLong(8);
        return first >= 1 ? first : -1;
    }

    static int crc(long sequence, byte[] payload) {
        CRC32C crc = new CRC32C();
        ByteBuffer s = ByteBuffer.allocate(8).putLong(0, sequence);
        crc.update(s);
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }

    static void putFrame(ByteBuffer into, long sequence, byte[] payload) {
        into.putInt(payload.length).putInt(crc(sequence, payload)).putLong(sequence).put(payload);
    }

    /** A frame read back: where it starts, where the next one starts, its sequence and payload. */
    record Frame(long offset, long end, long sequence, byte[] payload) {
    }

    /**
     * The frame at {@code offset} if it is whole within {@code end}, its length is 1..maxPayload,
     * its CRC verifies and its sequence is in {@code [minSeq, maxSeq]}; otherwise null.
     */
    static Frame readFrame(FileChannel ch, long offset, long end, int maxPayload, long minSeq, long maxSeq)
            throws IOException {
        if (end - offset < MIN_FRAME_BYTES) {
            return null;
        }
        ByteBuffer h = ByteBuffer.allocate(FRAME_HEADER_BYTES);
        readFully(ch, h, offset);
        return frameAfterHeader(ch, h, 0, offset, end, maxPayload, minSeq, maxSeq);
    }

    private static Frame frameAfterHeader(FileChannel ch, ByteBuffer buf, int at, long offset, long end,
                                          int maxPayload, long minSeq, long maxSeq) throws IOException {
        long length = Integer.toUnsignedLong(buf.getInt(at));
        if (length < 1 || length > maxPayload || offset + FRAME_HEADER_BYTES + length > end) {
            return null;
        }
        long sequence = buf.getLong(at + 8);
        if (sequence < minSeq || sequence > maxSeq) {
            return null;
        }
        byte[] payload = new byte[(int) length];
        readFully(ch, ByteBuffer.wrap(payload), offset + FRAME_HEADER_BYTES);
        if (crc(sequence, payload) != buf.getInt(at + 4)) {
            return null;
        }
        return new Frame(offset, offset + FRAME_HEADER_BYTES + length, sequence, payload);
    }

    /**
     * Resynchronisation after an invalid frame at {@code badOffset}, whose expected sequence was
     * {@code lastSeq + 1}: the first offset after it where a frame verifies (length, CRC) and whose
     * sequence is more than {@code lastSeq} but at most {@code lastSeq + 1 + (offset - badOffset) / 17}
     * (each lost record took at least 17 bytes, so the sequence cannot have moved further). Null if
     * there is none before {@code end}.
     */
    static Frame resync(FileChannel ch, long badOffset, long end, int maxPayload, long lastSeq) throws IOException {
        final int window = 64 * 1024;
        ByteBuffer buf = ByteBuffer.allocate(window + FRAME_HEADER_BYTES);
        for (long base = badOffset + 1; end - base >= MIN_FRAME_BYTES; base += window) {
            buf.clear();
            int n = (int) Math.min(buf.capacity(), end - base);
            buf.limit(n);
            readFully(ch, buf, base);
            int last = Math.min(window, n - MIN_FRAME_BYTES + 1);
            for (int i = 0; i < last; i++) {
                long offset = base + i;
                long maxSeq = lastSeq + 1 + (offset - badOffset) / MIN_FRAME_BYTES;
                if (i + FRAME_HEADER_BYTES > n) {
                    break;
                }
                Frame f = frameAfterHeader(ch, buf, i, offset, end, maxPayload, lastSeq + 1, maxSeq);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new EOFException("segment ended at " + p);
            }
            p += n;
        }
    }
}
