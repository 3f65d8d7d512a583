package org.homeport.journal.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a segment file through a window read ahead in one {@code pread}, so that reading its frames
 * one after the other costs one system call per window instead of two per frame (a delivery that
 * reads a lagging sink's records back from disk spent most of its time in those calls and in the
 * JDK's copies of small heap buffers). Not thread-safe: one reader per open channel and thread.
 */
final class FrameReader {
    /** Large enough for hundreds of typical frames, small enough to allocate per read. */
    static final int WINDOW_BYTES = 256 * 1024;

    private final FileChannel channel;
    private final byte[] window;
    private final ByteBuffer windowBuffer;
    /** File offset of {@code window[0]}; -1 while nothing is read. */
    private long windowStart = -1;
    private int windowLength;

    FrameReader(FileChannel channel) {
        this(channel, WINDOW_BYTES);
    }

    FrameReader(FileChannel channel, int windowBytes) {
        this.channel = channel;
        this.window = new byte[windowBytes];
        this.windowBuffer = ByteBuffer.wrap(window);
    }

    /** The window's bytes; valid from the index {@link #fill} returns, until the next call. */
    byte[] window() {
        return window;
    }

    /**
     * Makes the {@code n} bytes at {@code position} readable in {@link #window()} and returns the
     * index of the first. Reads ahead up to {@code end}, which the caller knows the file holds.
     *
     * @throws IllegalArgumentException if {@code n} is larger than the window
     */
    int fill(long position, int n, long end) throws IOException {
        if (n > window.length) {
            throw new IllegalArgumentException(n + " bytes do not fit a window of " + window.length);
        }
        if (windowStart >= 0 && position >= windowStart && position + n <= windowStart + windowLength) {
            return (int) (position - windowStart);
        }
        int want = (int) Math.min(window.length, Math.max(n, end - position));
        windowBuffer.clear().limit(want);
        windowStart = -1;
        long p = position;
        while (windowBuffer.hasRemaining()) {
            int read = channel.read(windowBuffer, p);
            if (read < 0) {
                break;
            }
            p += read;
        }
        if (windowBuffer.position() < n) {
            throw new EOFException("segment ended at " + p);
        }
        windowStart = position;
        windowLength = windowBuffer.position();
        return 0;
    }

    /** Reads {@code length} bytes at {@code position} into {@code into[0..]}, through the window if they fit in it. */
    void read(long position, byte[] into, int length, long end) throws IOException {
        if (length <= window.length) {
            int at = fill(position, length, end);
            System.arraycopy(window, at, into, 0, length);
        } else {
            Frames.readFully(channel, ByteBuffer.wrap(into, 0, length), position);
        }
    }
}
