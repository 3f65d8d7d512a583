package org.homeport.sink.file.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.homeport.api.sink.SubjectQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, exports and erases the stored lines of data subjects or devices. It runs on the sink's
 * maintenance thread, never on the writer: it reads only files the writer has closed (erase) or
 * the part of a file written before the request (export), as listed in a snapshot the writer took,
 * so no append races with a scan or a rewrite. Retention (on the writer) and the replacing of a
 * rewritten file take one lock, so a file retention deleted is never brought back.
 *
 * <p>Lines are personal data: nothing here logs their content, a subject or device id, or the
 * export target (whose name may contain one); only counts and the sink's own file names.
 */
final class SubjectData {
    private static final Logger LOG = LoggerFactory.getLogger(SubjectData.class);
    private static final int COPY_BUFFER = 64 * 1024;

    private enum Match { YES, NO, UNPARSEABLE }

    private final String sinkName;
    private final StoredLineParser parser = new StoredLineParser();

    SubjectData(String sinkName) {
        this.sinkName = sinkName;
    }

    /** A file as the writer left it for a request: its path and how many bytes it held then. */
    record FileSize(Path path, long size) {
    }

    /**
     * Appends every matching line, verbatim, to {@code into}, reading the snapshot's files in the
     * order they were written, each only up to the size it had then.
     *
     * @return how many lines were written
     */
    long export(SubjectQuery query, Path into, List<FileSize> snapshot) throws IOException {
        long exported = 0;
        int scanned = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(into, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND), COPY_BUFFER)) {
            for (FileSize file : snapshot) {
                try {
                    exported += exportFile(List.of(query), file, out);
                    scanned++;
                } catch (NoSuchFileException gone) {
                    // retention or an erasure removed it since the snapshot
                }
            }
        }
        LOG.info("File sink '{}' exported {} line(s) from {} file(s)", sinkName, exported, scanned);
        return exported;
    }

    /**
     * Removes every line that matches any of the queries from the given files, which the writer
     * has closed: each file with a match is rewritten without it (or deleted if nothing is left)
     * and atomically replaces the original; files without a match are not touched. A failure
     * leaves the file it hit as it was. One pass over the files, however many queries.
     *
     * @param replacing held while a rewritten file replaces the original, as retention holds it
     * @return how many lines were deleted
     */
    long erase(List<SubjectQuery> queries, List<Path> closedFiles, Lock replacing) throws IOException {
        long erased = 0;
        int rewritten = 0;
        for (Path file : closedFiles) {
            try {
                if (holdsMatch(queries, file)) {
                    erased += rewriteWithout(queries, file, replacing);
                    rewritten++;
                }
            } catch (NoSuchFileException gone) {
                // retention removed it since the snapshot: nothing left to erase there
            }
        }
        LOG.info("File sink '{}' erased {} line(s) from {} file(s) for {} quer(ies)", sinkName, erased, rewritten,
                queries.size());
        return erased;
    }

    private long exportFile(List<SubjectQuery> queries, FileSize file, OutputStream out) throws IOException {
        long exported = 0;
        long unparseable = 0;
        try (ByteLines lines = new ByteLines(file.path(), file.size())) {
            while (lines.next()) {
                Match match = match(queries, lines);
                if (match == Match.YES) {
                    out.write(lines.bytes(), 0, lines.length());
                    out.write('\n');
                    exported++;
                } else if (match == Match.UNPARSEABLE) {
                    unparseable++;
                }
            }
        }
        warnUnparseable(file.path(), unparseable);
        return exported;
    }

    /** Reads only up to the first match, so files that need no rewrite are usually read once. */
    private boolean holdsMatch(List<SubjectQuery> queries, Path file) throws IOException {
        long unparseable = 0;
        try (ByteLines lines = new ByteLines(file)) {
            while (lines.next()) {
                Match match = match(queries, lines);
                if (match == Match.YES) {
                    // The rewrite reads the whole file again and reports unparseable lines then.
                    return true;
                }
                if (match == Match.UNPARSEABLE) {
                    unparseable++;
                }
            }
        }
        warnUnparseable(file, unparseable);
        return false;
    }

    /**
     * Copies the file without its matching lines to a temporary file next to it, forces it, and
     * moves it over the original, so a crash leaves either the old or the new file, never a mix.
     */
    private long rewriteWithout(List<SubjectQuery> queries, Path file, Lock replacing) throws IOException {
        Path dir = file.getParent();
        // Dot-prefixed: never taken for a day file by the writer, retention or a later scan.
        Path temp = DailyFiles.erasingCopyOf(file);
        long erased = 0;
        long kept = 0;
        long unparseable = 0;
        try {
            // Only a crash during an earlier erase of this file leaves one behind.
            Files.deleteIfExists(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), COPY_BUFFER);
                    ByteLines lines = new ByteLines(file)) {
                while (lines.next()) {
                    Match match = match(queries, lines);
                    if (match == Match.YES) {
                        erased++;
                        continue;
                    }
                    if (match == Match.UNPARSEABLE) {
                        unparseable++;
                    }
                    out.write(lines.bytes(), 0, lines.length());
                    if (lines.terminated()) {
                        out.write('\n');
                    }
                    kept++;
                }
                out.flush();
                // Whatever the sink's fsync policy: an erasure must be durable before it is reported.
                channel.force(true);
            }
            replacing.lock();
            try {
                if (kept == 0 || !Files.exists(file)) {
                    // Nothing left, or retention deleted the file meanwhile: it must not come back.
                    Files.delete(temp);
                    Files.deleteIfExists(file);
                } else {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                replacing.unlock();
            }
            DailyFiles.forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        warnUnparseable(file, unparseable);
        return erased;
    }

    /** A line that is not one complete JSON object is unparseable, and never a match. */
    private Match match(List<SubjectQuery> queries, ByteLines line) {
        StoredLineParser.Fields fields = parser.parse(line);
        if (fields == null) {
            return Match.UNPARSEABLE;
        }
        for (SubjectQuery query : queries) {
            if (query.matches(fields.tenant(), fields.purpose(), fields.subject(), fields.device())) {
                return Match.YES;
            }
        }
        return Match.NO;
    }

    private void warnUnparseable(Path file, long count) {
        if (count > 0) {
            LOG.warn("File sink '{}' skipped {} unparseable line(s) in {}", sinkName, count, file);
        }
    }
}
