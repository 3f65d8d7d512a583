package org.homeport.sink.file.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-purpose, per-day JSON lines files of one sink. Confined to the sink's writer thread:
 * nothing here is thread-safe, and nothing else touches the files while the sink runs.
 *
 * <p>Files are {@code <directory>/<purpose>/<yyyy-MM-dd>.jsonl}, then {@code <day>.1.jsonl},
 * {@code <day>.2.jsonl}, … A (purpose, day) seen for the first time starts in a new file after
 * the highest existing index, so a line torn by a crash is never followed by new data and no
 * file is ever overwritten.
 *
 * <p><b>Redelivery.</b> Each open file remembers the (tenant, id) of every line in it, and a line
 * whose (tenant, id) its file already holds is skipped: delivery is at least once, and a batch
 * that comes again adds nothing. The first file opened for a (purpose, day) since this instance
 * was made continues the latest file an earlier run left for it, so it starts out remembering
 * that file's ids (read once; a line torn by a crash does not count). Every other new file starts
 * out remembering nothing. Over all open files at most {@code maxIds} ids and {@code maxBytes}
 * (estimated, {@link #rememberedBytes}) are remembered; to remember one more, the open file that
 * remembers the most is closed, and its purpose and day continue in a new file. So what is
 * skipped is always exact: ids already in the file being appended to.
 */
final class DailyFiles {
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d{1,9}))?\\.jsonl");
    private static final int MAX_CREATE_ATTEMPTS = 1000;
    private static final String ERASING_SUFFIX = ".erasing";
    private static final Logger LOG = LoggerFactory.getLogger(DailyFiles.class);
    /** What a remembered id costs beyond its characters: its table slots (16 to 32 bytes) and 3 chars of lengths. */
    private static final long ID_OVERHEAD_BYTES = 38;

    private final Path directory;
    private final long rotateBytes;
    private final boolean fsync;
    private final Map<FileKey, OpenFile> open = new HashMap<>();
    /** Directories that gained an entry since the last sync; their entries must be durable too. */
    private final Set<Path> directoriesToSync = new LinkedHashSet<>();
    private final long maxIds;
    private final long maxBytes;
    private final StoredLineParser parser = new StoredLineParser();
    /** Seeds the hash of every file's {@link IdSet}, so senders cannot know which of their ids collide. */
    private final long hashSeed = new SecureRandom().nextLong();
    /**
     * The (purpose, day)s this instance opened a file for. Only the first file of each continues
     * one an earlier run left; later ones follow a file this run closed (rotation, erase, idle).
     * Retention removes the days it deletes, so this holds no more days than the disk does.
     */
    private final Set<FileKey> started = new HashSet<>();
    private long rememberedIds;
    private long rememberedBytes;
    private long duplicatesSkipped;

    DailyFiles(Path directory, long rotateBytes, boolean fsync) {
        this(directory, rotateBytes, fsync, Settings.DEFAULT_DEDUPE_MAX_IDS, Settings.DEFAULT_DEDUPE_MAX_BYTES);
    }

    /**
     * @param maxIds   how many ids all open files together remember at most
     * @param maxBytes how many bytes ({@link #rememberedBytes}) those ids take at most
     */
    DailyFiles(Path directory, long rotateBytes, boolean fsync, long maxIds, long maxBytes) {
        this.directory = directory;
        this.rotateBytes = rotateBytes;
        this.fsync = fsync;
        this.maxIds = maxIds;
        this.maxBytes = maxBytes;
    }

    record FileKey(String purpose, LocalDate day) {
    }

    /**
     * One open file; its lines are buffered until {@link #flush} so a group commit makes few system
     * calls. It is created on disk with its first line, so a file that would hold only skipped
     * lines never exists; until then {@link #path} and {@link #channel} are {@code null}.
     */
    static final class OpenFile {
        final FileKey key;
        /** The index it has, or will try first when it is created. */
        int index;
        Path path;
        FileChannel channel;
        private final List<ByteBuffer> pending = new ArrayList<>();
        /** The (tenant, id)s of its lines, buffered ones too; for a continued file, the earlier file's too. */
        private final IdSet ids;
        private long idCount;
        private long idBytes;
        private long size;
        private boolean closed;
        private IOException failure;
        private Instant lastUsed;

        OpenFile(FileKey key, int index, Instant now, long hashSeed) {
            this.key = key;
            this.index = index;
            this.lastUsed = now;
            this.ids = new IdSet(hashSeed);
        }

        /** The error that made this file unusable, or {@code null}. */
        IOException failure() {
            return failure;
        }

        private boolean holds(String tenant, String id) {
            return ids.contains(tenant, id);
        }
    }

    /**
     * Buffers one line (ending in a newline) of the event {@code (tenant, id)} for the file of its
     * purpose and day, rotating first if it would push the current file past the size limit, or
     * skips it if that file already holds the event.
     *
     * @return the file the line went to or that already holds it, whose data is durable only after
     *         {@link #flushAll}; {@code null} if the line was skipped because the file an earlier
     *         run left holds it (that file was forced before its ids were taken)
     */
    OpenFile append(String purpose, LocalDate day, String tenant, String id, byte[] line, Instant now)
            throws IOException {
        FileKey key = new FileKey(purpose, day);
        OpenFile file = open.get(key);
        if (file == null) {
            file = start(key, now);
        }
        file.lastUsed = now;
        if (file.holds(tenant, id)) {
            duplicatesSkipped++;
            return file.channel == null ? null : file;
        }
        if (file.size > 0 && file.size + line.length > rotateBytes) {
            finish(file);
            file = successor(file, now);
        }
        long bytes = rememberedBytes(tenant, id);
        boolean remember = bytes <= maxBytes;
        if (remember) {
            while (rememberedIds + 1 > maxIds || rememberedBytes + bytes > maxBytes) {
                OpenFile forgotten = closeTheOneRememberingMost();
                if (forgotten == null) {
                    break;
                }
                if (forgotten == file) {
                    file = successor(file, now);
                }
            }
        }
        if (file.channel == null) {
            create(file);
        }
        file.pending.add(ByteBuffer.wrap(line));
        file.size += line.length;
        // Only now: an id is remembered only once its line is on its way into the file.
        if (remember) {
            remember(file, tenant, id, bytes);
        }
        return file;
    }

    /** How many lines {@link #append} skipped because their file already held them. */
    long duplicatesSkipped() {
        return duplicatesSkipped;
    }

    /** How many ids the open files remember, all together. */
    long rememberedIds() {
        return rememberedIds;
    }

    /**
     * The heap one remembered id is counted at: 38 bytes plus 2 per character of its tenant and id
     * (a UUID of tenant "acme": 118). The chunks its characters go to grow by doubling up to 128 KiB,
     * so a file's last chunk may hold up to that much unused beyond the count.
     */
    static long rememberedBytes(String tenant, String id) {
        return ID_OVERHEAD_BYTES + 2L * (tenant.length() + (long) id.length());
    }

    private void remember(OpenFile file, String tenant, String id, long bytes) {
        if (file.ids.add(tenant, id)) {
            file.idCount++;
            file.idBytes += bytes;
            rememberedIds++;
            rememberedBytes += bytes;
        }
    }

    /** The file a line of this (purpose, day) goes to next: created on disk with its first line. */
    private OpenFile start(FileKey key, Instant now) throws IOException {
        Path latest = latestFile(key);
        OpenFile file = new OpenFile(key, latest == null ? 0 : indexOf(latest.getFileName().toString()) + 1, now,
                hashSeed);
        if (started.add(key) && latest != null) {
            continueFrom(file, latest);
        }
        open.put(key, file);
        return file;
    }

    /** What follows a file that was closed: the next index, or the same one if it was never created. */
    private OpenFile successor(OpenFile closed, Instant now) {
        OpenFile next = new OpenFile(closed.key, closed.channel == null ? closed.index : closed.index + 1, now,
                hashSeed);
        open.put(closed.key, next);
        return next;
    }

    private record TenantId(String tenant, String id) {
    }

    /**
     * Makes {@code file} remember the ids in {@code previous}, the latest file an earlier run left
     * for its purpose and day, so that a redelivery after a crash adds nothing. Only lines ending
     * in '\n' count: a last line torn by a crash is no stored event, and lines that are not
     * complete JSON objects with a string {@code tenant} and {@code id} are none of the sink's. If
     * they do not all fit the bounds, the last ones are kept: those are what a redelivery repeats.
     * With fsync the file is forced first, so an event skipped because of it is as durable as an
     * acknowledged one. If it cannot be forced or read, nothing is remembered and a redelivery may
     * leave duplicates.
     */
    private void continueFrom(OpenFile file, Path previous) {
        ArrayDeque<TenantId> last = new ArrayDeque<>();
        long bytes = 0;
        try {
            if (fsync) {
                try (FileChannel channel = FileChannel.open(previous, StandardOpenOption.READ)) {
                    channel.force(false);
                }
            }
            try (ByteLines lines = new ByteLines(previous)) {
                while (lines.next() && lines.terminated()) {
                    StoredLineParser.Fields fields = parser.parse(lines);
                    if (fields == null || fields.tenant() == null || fields.id() == null) {
                        continue;
                    }
                    long idBytes = rememberedBytes(fields.tenant(), fields.id());
                    if (idBytes > maxBytes) {
                        continue;
                    }
                    last.addLast(new TenantId(fields.tenant(), fields.id()));
                    bytes += idBytes;
                    while (last.size() > maxIds || bytes > maxBytes) {
                        TenantId dropped = last.removeFirst();
                        bytes -= rememberedBytes(dropped.tenant(), dropped.id());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the event ids of {}; events redelivered from it may be stored twice: {}", previous,
                    e.getClass().getName());
            return;
        }
        while (rememberedIds + last.size() > maxIds || rememberedBytes + bytes > maxBytes) {
            if (closeTheOneRememberingMost() == null) {
                break;
            }
        }
        for (TenantId seen : last) {
            // A file written before de-duplication may hold an event twice.
            if (!file.holds(seen.tenant(), seen.id())) {
                remember(file, seen.tenant(), seen.id(), rememberedBytes(seen.tenant(), seen.id()));
            }
        }
    }

    /**
     * Closes the open file that remembers the most ids, after writing out and forcing its lines;
     * its purpose and day continue in a new file.
     *
     * @return the file closed, or {@code null} if no open file remembers anything
     */
    private OpenFile closeTheOneRememberingMost() {
        OpenFile most = null;
        for (OpenFile file : open.values()) {
            if (file.idCount > 0 && (most == null || file.idCount > most.idCount)) {
                most = file;
            }
        }
        if (most != null) {
            try {
                finish(most);
            } catch (IOException e) {
                // finish() failed the file: its batches fail with that error and are redelivered.
            }
        }
        return most;
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
            if (openFile != null && file.equals(openFile.path)) {
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
        started.removeIf(key -> key.purpose().equals(purpose) && !open.containsKey(key)
                && !key.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff));
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

    /** Creates the file on disk at its index or, if someone else took that name meanwhile, the next free one. */
    private void create(OpenFile file) throws IOException {
        FileKey key = file.key;
        Path purposeDir = directory.resolve(key.purpose());
        if (!Files.isDirectory(purposeDir)) {
            Files.createDirectories(purposeDir);
            directoriesToSync.add(purposeDir.getParent());
        }
        for (int index = file.index; index < file.index + MAX_CREATE_ATTEMPTS; index++) {
            Path path = purposeDir.resolve(fileName(key.day(), index));
            try {
                file.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                file.path = path;
                file.index = index;
                directoriesToSync.add(purposeDir);
                return;
            } catch (FileAlreadyExistsException e) {
                // Created by someone else since we looked: take the next index, never overwrite.
            }
        }
        throw new IOException("no free file name for day " + key.day() + " in " + purposeDir);
    }

    /** The existing file of the (purpose, day) with the highest index, or {@code null}. */
    private Path latestFile(FileKey key) throws IOException {
        Path purposeDir = directory.resolve(key.purpose());
        if (!Files.isDirectory(purposeDir)) {
            return null;
        }
        int highest = -1;
        Path latest = null;
        String day = key.day().toString();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(purposeDir, day + "*.jsonl")) {
            for (Path entry : entries) {
                Matcher m = FILE_NAME.matcher(entry.getFileName().toString());
                if (m.matches() && m.group(1).equals(day)) {
                    int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                    if (index > highest) {
                        highest = index;
                        latest = entry;
                    }
                }
            }
        }
        return latest;
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
        if (file.channel == null) {
            // Never created: it has no lines.
            return;
        }
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

    /** Closes the file and forgets its ids: its purpose and day continue in a new file. */
    private void closeQuietly(OpenFile file) {
        if (file.closed) {
            return;
        }
        file.closed = true;
        rememberedIds -= file.idCount;
        rememberedBytes -= file.idBytes;
        file.idCount = 0;
        file.idBytes = 0;
        if (file.channel == null) {
            return;
        }
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
