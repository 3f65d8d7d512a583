package org.homeport.sink.file.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a file one line at a time as raw bytes, holding only the current line. Bytes are not
 * decoded, so a line is copied back exactly as stored, even one that is not valid UTF-8.
 */
final class ByteLines implements Closeable {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private int length;
    private boolean terminated;

    private long remaining = Long.MAX_VALUE;

    ByteLines(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /** Reads only the first {@code limit} bytes: what the file held when a snapshot was taken. */
    ByteLines(Path file, long limit) throws IOException {
        this(file);
        this.remaining = limit;
    }

    /** Moves to the next line; {@code false} at the end of the file. */
    boolean next() throws IOException {
        length = 0;
        terminated = false;
        while (true) {
            if (position == limit) {
                int read = remaining <= 0 ? -1 : in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read > 0) {
                    remaining -= read;
                }
                if (read < 0) {
                    // A last line without '\n' (torn by a crash, or written by someone else) still counts.
                    return length > 0;
                }
                position = 0;
                limit = read;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                position++;
                terminated = true;
                return true;
            }
        }
    }

    /** The current line's bytes, without its '\n', in {@code [0, length())}; valid until {@link #next}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** Whether the current line ended in '\n' (only the file's last line may not). */
    boolean terminated() {
        return terminated;
    }

    private void append(int start, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(buffer, start, line, length, count);
        length += count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
