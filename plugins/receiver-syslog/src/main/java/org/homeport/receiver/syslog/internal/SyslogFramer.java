package org.homeport.receiver.syslog.internal;

/**
 * Cuts the byte stream of one TCP connection into messages, RFC 6587: a frame that starts with a
 * digit is octet-counted ({@code MSG-LEN SP SYSLOG-MSG}), any other is ended by LF (a CR before it
 * is dropped). Holds at most one message ({@code maxMessageBytes}) between calls.
 *
 * <p>A newline-framed message longer than the limit is skipped up to its LF and reported; a bad
 * octet count (not a number, a leading zero, too many digits, more than the limit) leaves no way to
 * find the next frame, so it is fatal: the connection must be closed.
 */
final class SyslogFramer {

    /** Where the frames go. */
    interface Frames {
        void frame(byte[] bytes, int offset, int length);

        /** A frame was skipped; the stream goes on. */
        void refused(String reason);
    }

    /** The stream cannot be framed any more; close the connection. */
    static final class FramingException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        FramingException(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private enum State { START, COUNT, OCTETS, LINE, SKIP_LINE, BROKEN }

    private static final int MAX_COUNT_DIGITS = 9;

    private final int maxMessageBytes;
    private final byte[] pending;
    private int length;
    private State state = State.START;
    private int expected;
    private int digits;

    SyslogFramer(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        this.pending = new byte[maxMessageBytes];
    }

    /** Bytes held for an unfinished frame. */
    int pendingBytes() {
        return state == State.OCTETS || state == State.LINE ? length : 0;
    }

    void feed(byte[] chunk, Frames frames) throws FramingException {
        feed(chunk, 0, chunk.length, frames);
    }

    void feed(byte[] chunk, int from, int to, Frames frames) throws FramingException {
        if (state == State.BROKEN) {
            throw new FramingException("bad-octet-count", "the stream could not be framed");
        }
        int i = from;
        while (i < to) {
            switch (state) {
                case START -> {
                    byte b = chunk[i++];
                    if (b >= '1' && b <= '9') {
                        state = State.COUNT;
                        expected = b - '0';
                        digits = 1;
                    } else if (b == '0') {
                        throw broken("an octet count starts with 0");
                    } else if (b != '\n' && b != '\r') {
                        state = State.LINE;
                        length = 0;
                        pending[length++] = b;
                    }
                }
                case COUNT -> {
                    byte b = chunk[i++];
                    if (b >= '0' && b <= '9') {
                        if (++digits > MAX_COUNT_DIGITS) {
                            throw broken("an octet count has more than " + MAX_COUNT_DIGITS + " digits");
                        }
                        expected = expected * 10 + (b - '0');
                    } else if (b == ' ') {
                        if (expected > maxMessageBytes) {
                            state = State.BROKEN;
                            throw new FramingException("too-large",
                                    "an octet-counted frame is larger than " + maxMessageBytes + " bytes");
                        }
                        state = State.OCTETS;
                        length = 0;
                    } else {
                        throw broken("an octet count is not followed by a space");
                    }
                }
                case OCTETS -> {
                    int n = Math.min(to - i, expected - length);
                    System.arraycopy(chunk, i, pending, length, n);
                    length += n;
                    i += n;
                    if (length == expected) {
                        state = State.START;
                        frames.frame(pending, 0, length);
                        length = 0;
                    }
                }
                case LINE -> {
                    int lf = indexOf(chunk, i, to);
                    int end = lf < 0 ? to : lf;
                    int n = end - i;
                    if (length + n > maxMessageBytes) {
                        frames.refused("too-large");
                        length = 0;
                        state = lf < 0 ? State.SKIP_LINE : State.START;
                        i = lf < 0 ? to : lf + 1;
                        continue;
                    }
                    System.arraycopy(chunk, i, pending, length, n);
                    length += n;
                    i = end;
                    if (lf >= 0) {
                        i++;
                        int frameLength = length > 0 && pending[length - 1] == '\r' ? length - 1 : length;
                        state = State.START;
                        length = 0;
                        frames.frame(pending, 0, frameLength);
                    }
                }
                case SKIP_LINE -> {
                    int lf = indexOf(chunk, i, to);
                    if (lf < 0) {
                        i = to;
                    } else {
                        i = lf + 1;
                        state = State.START;
                    }
                }
                case BROKEN -> throw new FramingException("bad-octet-count", "the stream could not be framed");
            }
        }
    }

    /**
     * The connection ended: a newline-framed message without its LF is taken (many senders omit the
     * last one); an octet-counted frame cut short is reported as {@code truncated}.
     */
    void end(Frames frames) {
        if (state == State.OCTETS || state == State.COUNT) {
            frames.refused("truncated");
        } else if (state == State.LINE && length > 0) {
            int frameLength = pending[length - 1] == '\r' ? length - 1 : length;
            frames.frame(pending, 0, frameLength);
        }
        state = State.START;
        length = 0;
    }

    private FramingException broken(String detail) {
        state = State.BROKEN;
        return new FramingException("bad-octet-count", detail);
    }

    private static int indexOf(byte[] chunk, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
