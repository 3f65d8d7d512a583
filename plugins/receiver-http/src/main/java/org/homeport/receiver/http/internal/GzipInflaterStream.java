package org.homeport.receiver.http.internal;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a gzip body (RFC 1952, one or more members) as its chunks arrive, and gives up as
 * soon as the output passes a limit. Inflating chunk by chunk, never more than one output buffer
 * ahead, is what makes a gzip bomb cost at most the limit instead of its full inflated size.
 *
 * <p>Not thread-safe: one instance per request, used from the request's event loop.
 * {@link #close()} must be called to free the native inflater.
 */
final class GzipInflaterStream implements AutoCloseable {

    /** Receives inflated bytes; must consume them before returning (the buffer is reused). */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] bytes, int offset, int length) throws ProblemException;
    }

    private enum State { HEADER, EXTRA_LENGTH, EXTRA, NAME, COMMENT, HEADER_CRC, BODY, TRAILER }

    private static final int FIXED_HEADER_LENGTH = 10;
    private static final int TRAILER_LENGTH = 8;
    private static final int FLAG_HCRC = 0x02;
    private static final int FLAG_EXTRA = 0x04;
    private static final int FLAG_NAME = 0x08;
    private static final int FLAG_COMMENT = 0x10;
    private static final int FLAG_RESERVED = 0xE0;

    private final long maxOutputBytes;
    private final Sink sink;
    private final Inflater inflater = new Inflater(true); // raw deflate: we parse the gzip framing
    private final CRC32 crc = new CRC32();
    private final byte[] output;
    private final byte[] fixed = new byte[Math.max(FIXED_HEADER_LENGTH, TRAILER_LENGTH)];

    private State state = State.HEADER;
    private int flags;
    private int fieldPosition;   // bytes of the current header/trailer field seen so far
    private int extraRemaining;
    private long memberOutputBytes;
    private long totalOutputBytes;
    private long inputBytes;
    private int members;

    GzipInflaterStream(long maxOutputBytes, int bufferSize, Sink sink) {
        this.maxOutputBytes = maxOutputBytes;
        this.output = new byte[bufferSize];
        this.sink = sink;
    }

    long inflatedBytes() {
        return totalOutputBytes;
    }

    void write(byte[] input, int offset, int length) throws ProblemException {
        inputBytes += length;
        int position = offset;
        int end = offset + length;
        while (position < end) {
            position = switch (state) {
                case BODY -> inflate(input, position, end);
                case TRAILER -> trailer(input, position, end);
                default -> header(input, position, end);
            };
        }
    }

    /** The body ended: it must have ended on a member boundary. */
    void finish() throws ProblemException {
        boolean empty = inputBytes == 0;
        boolean atMemberBoundary = members > 0 && state == State.HEADER && fieldPosition == 0;
        if (!empty && !atMemberBoundary) {
            throw corrupt("the gzip stream is truncated");
        }
    }

    @Override
    public void close() {
        inflater.end();
    }

    private int header(byte[] input, int position, int end) throws ProblemException {
        int b = input[position] & 0xFF;
        switch (state) {
            case HEADER -> {
                fixed[fieldPosition++] = (byte) b;
                if (fieldPosition == FIXED_HEADER_LENGTH) {
                    startMember();
                }
            }
            case EXTRA_LENGTH -> {
                extraRemaining |= b << (8 * fieldPosition++);
                if (fieldPosition == 2) {
                    fieldPosition = 0;
                    state = extraRemaining > 0 ? State.EXTRA : afterExtra();
                }
            }
            case EXTRA -> {
                // skip the extra field without looking at it, as many bytes as are here
                int skip = Math.min(extraRemaining, end - position);
                extraRemaining -= skip;
                if (extraRemaining == 0) {
                    state = afterExtra();
                }
                return position + skip;
            }
            case NAME -> {
                if (b == 0) {
                    state = afterName();
                }
            }
            case COMMENT -> {
                if (b == 0) {
                    state = afterComment();
                }
            }
            case HEADER_CRC -> {
                // the header CRC is optional and rarely sent; the body CRC below covers the data
                if (++fieldPosition == 2) {
                    fieldPosition = 0;
                    state = State.BODY;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
        return position + 1;
    }

    private void startMember() throws ProblemException {
        if ((fixed[0] & 0xFF) != 0x1F || (fixed[1] & 0xFF) != 0x8B) {
            throw corrupt("the body is not a gzip stream");
        }
        if (fixed[2] != 8) {
            throw corrupt("the gzip stream uses an unknown compression method");
        }
        flags = fixed[3] & 0xFF;
        if ((flags & FLAG_RESERVED) != 0) {
            throw corrupt("the gzip header has reserved flags set");
        }
        fieldPosition = 0;
        extraRemaining = 0;
        state = (flags & FLAG_EXTRA) != 0 ? State.EXTRA_LENGTH : afterExtra();
    }

    private State afterExtra() {
        return (flags & FLAG_NAME) != 0 ? State.NAME : afterName();
    }

    private State afterName() {
        return (flags & FLAG_COMMENT) != 0 ? State.COMMENT : afterComment();
    }

    private State afterComment() {
        return (flags & FLAG_HCRC) != 0 ? State.HEADER_CRC : State.BODY;
    }

    private int inflate(byte[] input, int position, int end) throws ProblemException {
        inflater.setInput(input, position, end - position);
        while (true) {
            int produced;
            try {
                produced = inflater.inflate(output);
            } catch (DataFormatException e) {
                throw corrupt("the gzip stream is corrupt");
            }
            if (produced > 0) {
                totalOutputBytes += produced;
                if (totalOutputBytes > maxOutputBytes) {
                    throw new ProblemException(Problem.DECOMPRESSED_TOO_LARGE,
                            "the body inflates to more than " + maxOutputBytes + " bytes");
                }
                memberOutputBytes += produced;
                crc.update(output, 0, produced);
                sink.accept(output, 0, produced);
            }
            if (inflater.finished()) {
                state = State.TRAILER;
                fieldPosition = 0;
                return end - inflater.getRemaining();
            }
            if (produced == 0) {
                if (inflater.needsDictionary()) {
                    throw corrupt("the gzip stream needs a preset dictionary");
                }
                if (inflater.needsInput()) {
                    return end;
                }
            }
        }
    }

    private int trailer(byte[] input, int position, int end) throws ProblemException {
        int take = Math.min(TRAILER_LENGTH - fieldPosition, end - position);
        System.arraycopy(input, position, fixed, fieldPosition, take);
        fieldPosition += take;
        if (fieldPosition == TRAILER_LENGTH) {
            if (littleEndianInt(0) != crc.getValue()) {
                throw corrupt("the gzip stream fails its CRC check");
            }
            if (littleEndianInt(4) != (memberOutputBytes & 0xFFFF_FFFFL)) {
                throw corrupt("the gzip stream has a wrong length in its trailer");
            }
            members++;
            memberOutputBytes = 0;
            crc.reset();
            inflater.reset();
            fieldPosition = 0;
            state = State.HEADER; // another member may follow (concatenated gzip files)
        }
        return position + take;
    }

    private long littleEndianInt(int at) {
        return (fixed[at] & 0xFFL)
                | (fixed[at + 1] & 0xFFL) << 8
                | (fixed[at + 2] & 0xFFL) << 16
                | (fixed[at + 3] & 0xFFL) << 24;
    }

    private static ProblemException corrupt(String detail) {
        return new ProblemException(Problem.MALFORMED_JSON, detail);
    }
}
