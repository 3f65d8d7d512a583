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
 * segment header (24 bytes): magic "HPJL" | version u32 (1) | first sequence u64 | salt u32 | crc32c u32 of the 20 bytes before
 * record frame (16 + n bytes): length u32 (n) | crc32c u32 of (salt u32 | sequence u64 | payload) | sequence u64 | payload n bytes
 * </pre>
 *
 * The salt is random per segment. Mixing it into every record's CRC means a payload that happens to
 * contain (or a sender who crafts) bytes that look like a frame cannot pass for a record when
 * recovery resynchronises inside that payload: without the salt its CRC verifies with odds 2^-32.
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

    static ByteBuffer segmentHeader(long firstSequence, int salt) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        b.putInt(MAGIC).putInt(VERSION).putLong(firstSequence).putInt(salt);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 20);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /** What a valid segment header holds. */
    record Header(long firstSequence, int salt) {
    }

    /** The header of a segment, or null if it is truncated or invalid. */
    static Header parseSegmentHeader(FileChannel ch) throws IOException {
        if (ch.size() < SEGMENT_HEADER_BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        readFully(ch, b, 0);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 20);
        if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION || b.getInt(20) != (int) crc.getValue()
                || b.getLong(8) < 1) {
            return null;
        }
        return new Header(b.getLong(8), b.getInt(16));
    }

    /** The salt bytes of a header that did not verify, if the file is long enough to hold them. */
    static Integer saltOfDamagedHeader(FileChannel ch) throws IOException {
        if (ch.size() < 20) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(4);
        readFully(ch, b, 16);
        return b.getInt(0);
    }

    static int crc(int salt, long sequence, byte[] payload) {
        CRC32C crc = new CRC32C();
        byte[] saltAndSequence = new byte[12];
        putInt(saltAndSequence, 0, salt);
        putInt(saltAndSequence, 4, (int) (sequence >>> 32));
        putInt(saltAndSequence, 8, (int) sequence);
        crc.update(saltAndSequence, 0, 12);
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }

    static void putFrame(ByteBuffer into, int salt, long sequence, byte[] payload) {
        into.putInt(payload.length).putInt(crc(salt, sequence, payload)).putLong(sequence).put(payload);
    }

    /** A frame read back: where it starts, where the next one starts, its sequence and payload. */
    record Frame(long offset, long end, long sequence, byte[] payload) {
    }

    /**
     * The frame at {@code offset} if it is whole within {@code end}, its length is 1..maxPayload,
     * its CRC verifies and its sequence is in {@code [minSeq, maxSeq]}; otherwise null.
     */
    static Frame readFrame(FrameReader in, int salt, long offset, long end, int maxPayload, long minSeq, long maxSeq)
            throws IOException {
        if (end - offset < MIN_FRAME_BYTES) {
            return null;
        }
        int at = in.fill(offset, FRAME_HEADER_BYTES, end);
        return frameAfterHeader(in, salt, in.window(), at, offset, end, maxPayload, minSeq, maxSeq);
    }

    /** The frame whose 16 header bytes are {@code header[at..at+15]}, read from {@code offset}. */
    private static Frame frameAfterHeader(FrameReader in, int salt, byte[] header, int at, long offset, long end,
                                          int maxPayload, long minSeq, long maxSeq) throws IOException {
        long length = Integer.toUnsignedLong(getInt(header, at));
        if (length < 1 || length > maxPayload || offset + FRAME_HEADER_BYTES + length > end) {
            return null;
        }
        long sequence = getLong(header, at + 8);
        if (sequence < minSeq || sequence > maxSeq) {
            return null;
        }
        int expectedCrc = getInt(header, at + 4);
        byte[] payload = new byte[(int) length];
        in.read(offset + FRAME_HEADER_BYTES, payload, payload.length, end);
        if (crc(salt, sequence, payload) != expectedCrc) {
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
    static Frame resync(FrameReader in, int salt, long badOffset, long end, int maxPayload, long lastSeq) throws IOException {
        final int window = 64 * 1024;
        byte[] buf = new byte[window + FRAME_HEADER_BYTES];
        for (long base = badOffset + 1; end - base >= MIN_FRAME_BYTES; base += window) {
            int n = (int) Math.min(buf.length, end - base);
            // a copy of its own: reading a candidate's payload moves the reader's window
            in.read(base, buf, n, end);
            int last = Math.min(window, n - MIN_FRAME_BYTES + 1);
            for (int i = 0; i < last; i++) {
                long offset = base + i;
                long maxSeq = lastSeq + 1 + (offset - badOffset) / MIN_FRAME_BYTES;
                if (i + FRAME_HEADER_BYTES > n) {
                    break;
                }
                Frame f = frameAfterHeader(in, salt, buf, i, offset, end, maxPayload, lastSeq + 1, maxSeq);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static long getLong(byte[] b, int at) {
        return (long) getInt(b, at) << 32 | Integer.toUnsignedLong(getInt(b, at + 4));
    }

    private static void putInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
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
