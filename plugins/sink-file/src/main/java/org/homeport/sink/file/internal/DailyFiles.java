package org.homeport.sink.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-purpose, per-day JSON lines files of one sink. Confined to the sink's writer thread:
 * nothing here is thread-safe, and nothing else touches the files while the sink runs.
 *
 * <p>Files are {@code <directory>/<purpose>/<yyyy-MM-dd>.jsonl}, then {@code <day>.1.jsonl},
 * {@code <day>.2.jsonl}, … A (purpose, day) seen for the first time starts in a new file after
 * the highest existing index, so a line torn by a crash is never followed by new data and no
 * file is ever overwritten.
 */
final class DailyFiles {
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d{1,9}))?\\.jsonl");
    private static final int MAX_CREATE_ATTEMPTS = 1000;
    private static final String ERASING_SUFFIX = ".erasing";

    private final Path directory;
    private final long rotateBytes;
    private final boolean fsync;
    private final Map<FileKey, OpenFile> open = new HashMap<>();
    /** Directories that gained an entry since the last sync; their entries must be durable too. */
    private final Set<Path> directoriesToSync = new LinkedHashSet<>();

    DailyFiles(Path directory, long rotateBytes, boolean fsync) {
        this.directory = directory;
        this.rotateBytes = rotateBytes;
        this.fsync = fsync;
    }

    record FileKey(String purpose, LocalDate day) {
    }

    /** One open file; its lines are buffered until {@link #flush} so a group commit makes few system calls. */
    static final class OpenFile {
        final FileKey key;
        final int index;
        final Path path;
        final FileChannel channel;
        private final List<ByteBuffer> pending = new ArrayList<>();
        private long size;
        private boolean closed;
        private IOException failure;
        private Instant lastUsed;

        OpenFile(FileKey key, int index, Path path, FileChannel channel, Instant now) {
            this.key = key;
            this.index = index;
            this.path = path;
            this.channel = channel;
            this.lastUsed = now;
        }

        /** The error that made this file unusable, or {@code null}. */
        IOException failure() {
            return failure;
        }
    }

    /**
     * Buffers one line (ending in a newline) for the file of its purpose and day, rotating first
     * if it would push the current file past the size limit.
     *
     * @return the file the line went to; its data is durable only after {@link #flushAll}
     */
    OpenFile append(String purpose, LocalDate day, byte[] line, Instant now) throws IOException {
        FileKey key = new FileKey(purpose, day);
        OpenFile file = open.get(key);
        if (file == null) {
            file = create(key, firstFreeIndex(key), now);
        } else if (file.size > 0 && file.size + line.length > rotateBytes) {
            finish(file);
            file = create(key, file.index + 1, now);
        }
        file.pending.add(ByteBuffer.wrap(line));
        file.size += line.length;
        file.lastUsed = now;
        return file;
    }

    /**
     * Writes and (with fsync) forces every buffered line and new directory entry. A file that
     * fails is closed and forgotten, with its error kept in {@link OpenFile#failure()}; the next
     * line for its purpose and day goes to a new file.
     */
    void flushAll() {
        for (OpenFile file : List.copyOf(open.values())) {
            if (!file.pending.isEmpty()) {
                try {
                    flush(file);
                } catch (IOException e) {
                    fail(file, e);
                }
            }
        }
        syncDirectories();
    }

    /** Marks a file unusable (e.g. after an error while appending) so no batch in it is acknowledged. */
    void fail(OpenFile file, IOException cause) {
        file.failure = cause;
        file.pending.clear();
        closeQuietly(file);
        open.remove(file.key, file);
    }

    /**
     * Closes files of past days that have not been written to since {@code idleSince}; late events
     * for such a day go to a new file.
     */
    void closeIdle(LocalDate today, Instant idleSince) {
        for (Iterator<OpenFile> it = open.values().iterator(); it.hasNext(); ) {
            OpenFile file = it.next();
            if (file.key.day().isBefore(today) && file.lastUsed.isBefore(idleSince) && file.pending.isEmpty()) {
                closeQuietly(file);
                it.remove();
            }
        }
    }

    /**
     * What one retention pass over a purpose did.
     *
     * @param files      how many files were deleted
     * @param events     how many lines (events) they held
     * @param bytes      how many bytes they took
     * @param oldestHeld the earliest day of a file left, or {@code null} if none is left
     */
    record Deleted(long files, long events, long bytes, LocalDate oldestHeld) {
    }

    /**
     * Deletes the purpose's files whose whole day lies before {@code cutoff}, closing any still
     * open, and says what went and which day the oldest file left is of.
     */
    Deleted deleteOlderThan(String purpose, Instant cutoff) throws IOException {
        Path purposeDir = directory.resolve(purpose);
        if (!Files.isDirectory(purposeDir)) {
            return new Deleted(0, 0, 0, null);
        }
        List<Path> expired = new ArrayList<>();
        LocalDate oldestLeft = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(purposeDir)) {
            for (Path entry : entries) {
                LocalDate day = dayOf(entry.getFileName().toString());
                if (day == null) {
                    continue;
                }
                if (!day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                    expired.add(entry);
                } else if (oldestLeft == null || day.isBefore(oldestLeft)) {
                    oldestLeft = day;
                }
            }
        }
        long deleted = 0;
        long events = 0;
        long bytes = 0;
        for (Path file : expired) {
            OpenFile openFile = open.get(new FileKey(purpose, dayOf(file.getFileName().toString())));
            if (openFile != null && openFile.path.equals(file)) {
                closeQuietly(openFile);
                open.remove(openFile.key);
            }
            long size;
            long lines;
            try {
                size = Files.size(file);
                lines = countLines(file);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue;
            }
            if (Files.deleteIfExists(file)) {
                deleted++;
                events += lines;
                bytes += size;
            }
        }
        return new Deleted(deleted, events, bytes, oldestLeft);
    }

    /** The complete lines of a file: a line torn by a crash is no event. */
    private static long countLines(Path file) throws IOException {
        long lines = 0;
        byte[] buffer = new byte[64 * 1024];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    /** Writes out and closes the purpose's open files; its next line for any day starts a new file. */
    void finishPurpose(String purpose) throws IOException {
        for (OpenFile file : List.copyOf(open.values())) {
            if (file.key.purpose().equals(purpose)) {
                finish(file);
            }
        }
    }

    /** The subdirectories whose names are safe purpose ids, sorted; others are not ours to read. */
    List<String> purposes() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> purposes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (PurposeIds.isSafe(name)) {
                    purposes.add(name);
                }
            }
        }
        purposes.sort(Comparator.naturalOrder());
        return purposes;
    }

    /**
     * The purpose's day files in the order they were written: by day, then by index. Files the
     * sink did not name are left out.
     */
    List<Path> dayFiles(String purpose) throws IOException {
        Path purposeDir = directory.resolve(purpose);
        if (!Files.isDirectory(purposeDir)) {
            return List.of();
        }
        record DayFile(Path path, LocalDate day, int index) {
        }
        List<DayFile> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(purposeDir, "*.jsonl")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                LocalDate day = dayOf(name);
                if (day != null && Files.isRegularFile(entry)) {
                    found.add(new DayFile(entry, day, indexOf(name)));
                }
            }
        }
        found.sort(Comparator.comparing(DayFile::day).thenComparingInt(DayFile::index));
        return found.stream().map(DayFile::path).toList();
    }

    /**
     * Deletes the temporary copies ({@code .<file>.erasing}) that an erasure cut short by a crash
     * left in purpose directories: they hold the lines the erasure meant to keep and, if it was
     * interrupted mid-copy, they are the only place outside the day file holding that data. Called
     * before the writer starts.
     *
     * @return how many were deleted
     */
    int removeErasingLeftovers() {
        int removed = 0;
        try {
            for (String purpose : purposes()) {
                Path purposeDir = directory.resolve(purpose);
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(purposeDir, ".*" + ERASING_SUFFIX)) {
                    for (Path entry : entries) {
                        if (Files.isRegularFile(entry) && Files.deleteIfExists(entry)) {
                            removed++;
                        }
                    }
                }
                if (removed > 0) {
                    forceDirectory(purposeDir);
                }
            }
        } catch (IOException e) {
            // The next erase of the same file replaces its leftover; nothing else reads them.
            return removed;
        }
        return removed;
    }

    /** The temporary file an erase of {@code file} writes the lines it keeps to. */
    static Path erasingCopyOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ERASING_SUFFIX);
    }

    /** Forces and closes everything; used when the sink stops. */
    void closeAll() {
        flushAll();
        for (OpenFile file : open.values()) {
            closeQuietly(file);
        }
        open.clear();
    }

    int openFileCount() {
        return open.size();
    }

    private OpenFile create(FileKey key, int firstIndex, Instant now) throws IOException {
        Path purposeDir = directory.resolve(key.purpose());
        if (!Files.isDirectory(purposeDir)) {
            Files.createDirectories(purposeDir);
            directoriesToSync.add(purposeDir.getParent());
        }
        for (int index = firstIndex; index < firstIndex + MAX_CREATE_ATTEMPTS; index++) {
            Path path = purposeDir.resolve(fileName(key.day(), index));
            try {
                FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                directoriesToSync.add(purposeDir);
                OpenFile file = new OpenFile(key, index, path, channel, now);
                open.put(key, file);
                return file;
            } catch (FileAlreadyExistsException e) {
                // Created by someone else since we looked: take the next index, never overwrite.
            }
        }
        throw new IOException("no free file name for day " + key.day() + " in " + purposeDir);
    }

    private int firstFreeIndex(FileKey key) throws IOException {
        Path purposeDir = directory.resolve(key.purpose());
        if (!Files.isDirectory(purposeDir)) {
            return 0;
        }
        int highest = -1;
        String day = key.day().toString();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(purposeDir, day + "*.jsonl")) {
            for (Path entry : entries) {
                Matcher m = FILE_NAME.matcher(entry.getFileName().toString());
                if (m.matches() && m.group(1).equals(day)) {
                    highest = Math.max(highest, m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
                }
            }
        }
        return highest + 1;
    }

    /** Writes out the buffered lines and forces them if so configured, then closes the file. */
    private void finish(OpenFile file) throws IOException {
        try {
            flush(file);
        } catch (IOException e) {
            fail(file, e);
            throw e;
        }
        closeQuietly(file);
        open.remove(file.key, file);
    }

    private void flush(OpenFile file) throws IOException {
        ByteBuffer[] buffers = file.pending.toArray(new ByteBuffer[0]);
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            remaining -= file.channel.write(buffers);
        }
        file.pending.clear();
        if (fsync) {
            // Appends change the file size, which fdatasync (force(false)) also makes durable.
            file.channel.force(false);
        }
    }

    private void syncDirectories() {
        if (!fsync || directoriesToSync.isEmpty()) {
            directoriesToSync.clear();
            return;
        }
        for (Path dir : directoriesToSync) {
            forceDirectory(dir);
        }
        directoriesToSync.clear();
    }

    /** Makes the directory's entries (created, renamed, deleted files) durable. */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open or force a directory; the file data itself is forced.
        }
    }

    private static void closeQuietly(OpenFile file) {
        if (file.closed) {
            return;
        }
        file.closed = true;
        try {
            file.channel.close();
        } catch (IOException e) {
            // Everything that matters was forced before; a failing close loses nothing more.
        }
    }

    static String fileName(LocalDate day, int index) {
        return index == 0 ? day + ".jsonl" : day + "." + index + ".jsonl";
    }

    /** The index of a file name {@link #dayOf} accepts: 0 for {@code <day>.jsonl}. */
    private static int indexOf(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
    }

    /** The day a sink file belongs to, or {@code null} if the name is not one of ours. */
    static LocalDate dayOf(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
