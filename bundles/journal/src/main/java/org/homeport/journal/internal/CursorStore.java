package org.homeport.journal.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One durable cursor per sink: the highest journal sequence the sink has acknowledged. A cursor
 * file holds the sequence and a CRC; it is replaced atomically (write, force, rename), so after a
 * crash it holds either the old or the new value. A file that does not verify counts as 0: the sink
 * gets everything again, which at-least-once delivery allows and losing events would not.
 */
final class CursorStore {
    private static final Logger LOG = LoggerFactory.getLogger(CursorStore.class);
    static final String SUFFIX = ".cursor";

    private final Path dir;

    CursorStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /** Every cursor on disk, by sink name. */
    Map<String, Long> loadAll() throws IOException {
        Map<String, Long> cursors = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String encoded = file.getFileName().toString();
                String sink = SinkNames.decode(encoded.substring(0, encoded.length() - SUFFIX.length()));
                if (sink == null) {
                    LOG.warn("Ignoring {} among the journal's cursors: not a cursor name", encoded);
                    continue;
                }
                cursors.put(sink, read(file));
            }
        }
        return cursors;
    }

    private static long read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != 12) {
            LOG.warn("Journal cursor {} is damaged; its sink gets the journal again from the start", file.getFileName());
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long sequence = b.getLong();
        int crc = b.getInt();
        if (crc != crc(sequence) || sequence < 0) {
            LOG.warn("Journal cursor {} is damaged; its sink gets the journal again from the start", file.getFileName());
            return 0;
        }
        return sequence;
    }

    void store(String sink, long sequence) throws IOException {
        String name = SinkNames.encode(sink);
        Path file = dir.resolve(name + SUFFIX);
        Path tmp = dir.resolve(name + SUFFIX + ".tmp");
        ByteBuffer b = ByteBuffer.allocate(12).putLong(sequence).putInt(crc(sequence));
        b.flip();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete(String sink) throws IOException {
        Files.deleteIfExists(dir.resolve(SinkNames.encode(sink) + SUFFIX));
    }

    private static int crc(long sequence) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(sequence).flip());
        crc.update("cursor".getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }
}
