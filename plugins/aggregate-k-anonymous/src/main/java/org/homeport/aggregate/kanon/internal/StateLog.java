package org.homeport.aggregate.kanon.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file that makes counts durable: {@code <state.dir>/state.log}, one
 * {@link StateRecord} per line. Appends are forced to disk before they count as done; compaction
 * replaces the file with a snapshot of what is still open, written to a temporary file, forced, and
 * atomically renamed over it, so a crash leaves either the old or the new file, never a mix.
 *
 * <p>Not thread-safe: the aggregator's writer thread is its only user.
 */
final class StateLog implements AutoCloseable {
    static final String FILE_NAME = "state.log";
    private static final Logger LOG = LoggerFactory.getLogger(StateLog.class);

    private final Path directory;
    private final Path file;
    private final Path temporary;
    private FileChannel channel;
    private long snapshotBytes;

    /** The records found on disk, in order, and the log, ready to append to. */
    record Opened(StateLog log, List<StateRecord> records) {
    }

    private StateLog(Path directory) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.temporary = directory.resolve(FILE_NAME + ".compacting");
    }

    /**
     * Reads what a previous run left. Only the last line may be incomplete (a crash while it was
     * written, before its batch was acknowledged); it is ignored. Any other unreadable line stops the
     * aggregator from starting, because starting without it would silently lose counts.
     *
     * @throws IOException           if the directory or file cannot be read or created
     * @throws IllegalStateException if a complete line is unreadable
     */
    static Opened open(Path directory, StateCodec codec) throws IOException {
        Files.createDirectories(directory);
        StateLog log = new StateLog(directory);
        Files.deleteIfExists(log.temporary);
        List<StateRecord> records = new ArrayList<>();
        if (Files.exists(log.file)) {
            byte[] bytes = Files.readAllBytes(log.file);
            int lineStart = 0;
            int lineNumber = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                lineNumber++;
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                lineStart = i + 1;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(codec.decode(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("state log " + log.file + " line " + lineNumber + " is unreadable ("
                            + e.getMessage() + "); move the file aside to start with empty counts", e);
                }
            }
            if (lineStart < bytes.length) {
                LOG.warn("State log {} ends with an incomplete line of {} bytes (a crash while writing it); "
                        + "it was never acknowledged and is ignored", log.file, bytes.length - lineStart);
            }
        }
        log.channel = FileChannel.open(log.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new Opened(log, records);
    }

    /** Whether appends can go to the file; {@code false} after a failure that left it in doubt. */
    boolean usable() {
        return channel != null && channel.isOpen();
    }

    /**
     * Appends the lines and forces them to disk. On failure the file is cut back to where it was, so
     * no line of a failed append is replayed later; if even that fails the log is not
     * {@link #usable()} until the next {@link #rewrite}.
     */
    void append(List<String> lines) throws IOException {
        if (!usable()) {
            throw new IOException("state log " + file + " is not usable after an earlier failure");
        }
        if (lines.isEmpty()) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(join(lines));
        long before = channel.size();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.force(false);
            } catch (IOException | RuntimeException cutFailed) {
                e.addSuppressed(cutFailed);
                closeQuietly();
            }
            throw e;
        }
    }

    /** Replaces the whole file by {@code lines}: write aside, force, rename atomically, force the directory. */
    void rewrite(List<String> lines) throws IOException {
        byte[] bytes = join(lines);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        closeQuietly();
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        snapshotBytes = bytes.length;
    }

    /** Worth compacting: at least 16 MiB and four times the last snapshot. */
    boolean grownLarge() throws IOException {
        return usable() && channel.size() > Math.max(16L << 20, 4 * snapshotBytes);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing {} failed", file, e);
            }
            channel = null;
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is fine there. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot force directory {}", directory, e);
        }
    }

    private static byte[] join(List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
