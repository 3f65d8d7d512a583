package org.homeport.journal.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only log of opaque records in one directory.
 *
 * <h2>Format</h2>
 * Segments are files named by the sequence of their first record, zero-padded to 20 digits
 * ({@code 00000000000000000001.seg}). A segment starts with a 24-byte header: magic {@code "HPJL"},
 * format version u32 (1), first sequence u64, a random salt u32, a CRC32C of those 20 bytes. Records
 * follow, each framed as {@code [length u32][crc32c u32][sequence u64][payload]} (big-endian).
 * {@code length} is the payload length (1 to {@link JournalSettings#maxRecordBytes()}). <b>The CRC32C
 * covers the segment's 4 salt bytes, then the 8 sequence bytes, then the payload bytes</b>, not the
 * length field (the salt is in the CRC but not in the frame): a damaged
 * length is caught because the frame then ends somewhere else and its CRC does not verify there.
 * Sequences start at 1, are assigned by the log, and are strictly increasing and gap-free across
 * segments. A segment is rolled before a record would make it larger than
 * {@link JournalSettings#segmentBytes()}; new segments are written as {@code *.seg.tmp}, forced,
 * then renamed and the directory forced, so a crash never leaves a half-written header behind.
 *
 * <h2>Group commit</h2>
 * {@link #append} queues the record and returns a future. One writer thread takes everything
 * queued, writes it, calls {@code FileChannel.force(false)} once (plus once per segment rolled
 * inside the group), and only then completes the group's futures with their sequences, on the
 * writer thread. The queue is bounded by records and by bytes (queued plus being written), and the
 * directory by a quota; past either, {@code append} throws {@link JournalFullException}.
 *
 * <h2>Recovery</h2>
 * {@link #open} scans every segment (see {@link RecoveryReport}). An invalid frame (length out of
 * range or past the end of the file, CRC mismatch, or a sequence other than the next expected one)
 * starts a resynchronisation: scanning forward byte by byte for the first offset whose frame verifies
 * and whose sequence {@code s} satisfies {@code last < s <= last + 1 + skippedBytes / 17}. If one is
 * found, the bytes in between are skipped and counted ({@code s - last - 1} records lost); nothing
 * before the bad frame is touched. If none is found in the last segment, the rest of it is a torn or
 * zero-filled tail and is truncated; in an older segment it is reported as skipped and left on disk.
 * A segment whose header is truncated or invalid is renamed {@code *.corrupt} and reported. Appends
 * continue after the last valid record, or after the last sequence still readable in a set-aside
 * segment (at least its name's sequence minus one) if that is higher, so a sequence is not given twice.
 *
 * <p>If a write or force fails, the log stops taking appends (every pending and later append fails);
 * reopening it recovers. The log never logs payload contents.
 */
public final class SegmentLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
    static final String SUFFIX = ".seg";
    static final String CORRUPT_SUFFIX = ".corrupt";
    static final String TMP_SUFFIX = ".seg.tmp";
    static final String REWRITE_SUFFIX = ".seg.rewrite";

    /** How the writer makes a segment durable; tests wrap it to count or block forces. */
    interface Forcer {
        void force(FileChannel channel) throws IOException;
    }

    private static final class Segment {
        final long firstSeq;
        final int salt;
        final Path path;
        /** File offset after the last durable frame (for sealed segments, the file size). */
        volatile long durableEnd;
        /** Replaced (under the swap write lock) when a rewrite moves the frames. */
        volatile FrameIndex index = new FrameIndex();

        Segment(long firstSeq, int salt, Path path, long durableEnd) {
            this.firstSeq = firstSeq;
            this.salt = salt;
            this.path = path;
            this.durableEnd = durableEnd;
        }
    }

    private record Pending(byte[] payload, CompletableFuture<Long> future, java.util.function.LongConsumer onDurable) {
    }

    private record ReadHint(long sequence, long segmentFirst, long offset) {
    }

    private final Path dir;
    private final JournalSettings settings;
    private final Forcer forcer;
    private final RecoveryReport recoveryReport;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();

    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    // guarded by lock
    private int queuedRecords;
    private long queuedBytes;
    private long diskBytes;
    private boolean closed;
    private Throwable failure;
    private CompletableFuture<Void> rollRequest;

    /** Held while reading; taken exclusively to swap in a rewritten segment (offsets change). */
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
    /** Rewrites and deletions of segments, one at a time. */
    private final Object maintenance = new Object();

    // writer thread only
    private Segment active;
    private FileChannel activeChannel;
    private long nextSeq;
    private ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);

    private volatile long durableSeq;
    private volatile ReadHint readHint;
    private final LongAdder framesReadByReaders = new LongAdder();
    private final Thread writer;

    private SegmentLog(Path dir, JournalSettings settings, Forcer forcer) throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.forcer = forcer;
        Files.createDirectories(dir);
        this.recoveryReport = recover();
        this.writer = new Thread(this::writeLoop, "homeport-journal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Opens (recovering if needed) or creates the log in {@code dir}. */
    public static SegmentLog open(Path dir, JournalSettings settings) throws IOException {
        return new SegmentLog(dir, settings, ch -> ch.force(false));
    }

    static SegmentLog open(Path dir, JournalSettings settings, Forcer forcer) throws IOException {
        return new SegmentLog(dir, settings, forcer);
    }

    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    /** Highest sequence that is durable (0 if none yet). */
    public long lastDurableSequence() {
        return durableSeq;
    }

    public long quotaBytes() {
        return settings.quotaBytes();
    }

    /** Bytes in segment files plus bytes queued, as counted against the quota. */
    public long usedBytes() {
        lock.lock();
        try {
            return diskBytes + queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code payload}; the future completes with its sequence once it is durable, or
     * exceptionally if the write failed. The caller must not change the array afterwards.
     *
     * @throws JournalFullException  the queue is full by records or bytes, or the quota is reached
     * @throws IllegalStateException the log is closed or has failed
     */
    public CompletableFuture<Long> append(byte[] payload) throws JournalFullException {
        return append(payload, null);
    }

    /**
     * As {@link #append(byte[])}, and {@code onDurable} runs on the writer thread with the record's
     * sequence before its future completes: for every record in sequence order, which a callback
     * attached to the future afterwards cannot promise (it runs at once, on the caller's thread, if
     * the future is already complete).
     */
    public CompletableFuture<Long> append(byte[] payload, java.util.function.LongConsumer onDurable)
            throws JournalFullException {
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0 || payload.length > settings.maxRecordBytes()) {
            throw new IllegalArgumentException("payload must be 1.." + settings.maxRecordBytes()
                    + " bytes, was " + payload.length);
        }
        long frame = Frames.FRAME_HEADER_BYTES + (long) payload.length;
        CompletableFuture<Long> future = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("journal closed");
            }
            if (failure != null) {
                throw new IllegalStateException("journal failed; reopen it to recover", failure);
            }
            if (queuedRecords >= settings.maxQueuedRecords()) {
                throw new JournalFullException(JournalFullException.Reason.QUEUE_ENTRIES,
                        "append queue holds " + queuedRecords + " records");
            }
            if (queuedBytes + frame > settings.maxQueuedBytes()) {
                throw new JournalFullException(JournalFullException.Reason.QUEUE_BYTES,
                        "append queue holds " + queuedBytes + " bytes");
            }
            if (diskBytes + queuedBytes + frame > settings.quotaBytes()) {
                throw new JournalFullException(JournalFullException.Reason.QUOTA,
                        "journal holds " + (diskBytes + queuedBytes) + " of " + settings.quotaBytes() + " bytes");
            }
            queuedRecords++;
            queuedBytes += frame;
            queue.add(new Pending(payload, future, onDurable));
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        return future;
    }

    /**
     * Up to {@code maxRecords} durable records with sequence {@code >= fromSequence}, in order,
     * whose payloads add up to at most {@code maxBytes} (but always at least one record if any is
     * available, so a reader can always move on). If {@code fromSequence} was deleted, reading starts
     * at the first record kept. Records lost to corruption are skipped.
     */
    public List<JournalRecord> read(long fromSequence, int maxRecords, long maxBytes) throws IOException {
        swap.readLock().lock();
        try {
            return readLocked(fromSequence, maxRecords, maxBytes);
        } finally {
            swap.readLock().unlock();
        }
    }

    /** Frames {@link #read} has read and verified so far, skipped ones included: what a read costs. */
    long framesReadByReaders() {
        return framesReadByReaders.sum();
    }

    /** The first sequence still in the journal, or the next one to be given if it holds none. */
    public long firstSequence() {
        Map.Entry<Long, Segment> first = segments.firstEntry();
        return first == null ? durableSeq + 1 : first.getKey();
    }

    private List<JournalRecord> readLocked(long fromSequence, int maxRecords, long maxBytes) throws IOException {
        List<JournalRecord> out = new ArrayList<>();
        long limit = durableSeq;
        long from = Math.max(1, fromSequence);
        if (maxRecords < 1 || from > limit) {
            return out;
        }
        long bytes = 0;
        Map.Entry<Long, Segment> entry = segments.floorEntry(from);
        if (entry == null) {
            entry = segments.firstEntry();
        }
        while (entry != null) {
            Segment seg = entry.getValue();
            long end = seg.durableEnd;
            long offset = Frames.SEGMENT_HEADER_BYTES;
            long lastSeq = seg.firstSeq - 1;
            long[] indexed = seg.index.floor(from);
            if (indexed != null) {
                offset = indexed[1];
                lastSeq = indexed[0] - 1;
            }
            ReadHint hint = readHint;
            if (hint != null && hint.segmentFirst() == seg.firstSeq && hint.sequence() <= from && hint.offset() > offset) {
                offset = hint.offset();
                lastSeq = hint.sequence() - 1;
            }
            try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ)) {
                FrameReader in = new FrameReader(ch);
                while (offset < end) {
                    Frames.Frame f = Frames.readFrame(in, seg.salt, offset, end, settings.maxRecordBytes(), lastSeq + 1, lastSeq + 1);
                    if (f == null) {
                        f = Frames.resync(in, seg.salt, offset, end, settings.maxRecordBytes(), lastSeq);
                        if (f == null) {
                            break;
                        }
                    }
                    framesReadByReaders.increment();
                    if (f.sequence() > limit) {
                        return out;
                    }
                    offset = f.end();
                    lastSeq = f.sequence();
                    if (f.sequence() < from) {
                        continue;
                    }
                    if (!out.isEmpty() && (out.size() >= maxRecords || bytes + f.payload().length > maxBytes)) {
                        return out;
                    }
                    out.add(new JournalRecord(f.sequence(), f.payload()));
                    bytes += f.payload().length;
                    readHint = new ReadHint(f.sequence() + 1, seg.firstSeq, f.end());
                    if (out.size() >= maxRecords || bytes >= maxBytes) {
                        return out;
                    }
                }
            } catch (NoSuchFileException deleted) {
                // deleted under us by deleteSegmentsBefore: go on with the next segment
            }
            entry = segments.higherEntry(seg.firstSeq);
        }
        return out;
    }

    /**
     * Deletes every segment all of whose records have a sequence below {@code sequence}. The
     * segment being written is kept. Returns the number of segments deleted.
     */
    public int deleteSegmentsBefore(long sequence) throws IOException {
        synchronized (maintenance) {
            return deleteSegmentsBeforeLocked(sequence);
        }
    }

    /**
     * Closes the segment being written, if it holds a record, and starts a new one; returns once
     * done. Then every durable record is in a sealed segment, which can be rewritten or deleted.
     */
    public void sealActive() throws IOException {
        CompletableFuture<Void> sealed;
        lock.lock();
        try {
            if (closed || failure != null) {
                throw new IllegalStateException("journal closed or failed");
            }
            if (rollRequest == null) {
                rollRequest = new CompletableFuture<>();
                notEmpty.signal();
            }
            sealed = rollRequest; // a request already waiting serves this caller too
        } finally {
            lock.unlock();
        }
        try {
            sealed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sealing the active segment", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("could not seal the active segment", e.getCause());
        }
    }

    /** Bytes in the segment being written (what sealing it would let go once every sink has it). */
    public long activeSegmentBytes() {
        Map.Entry<Long, Segment> last = segments.lastEntry();
        return last == null ? 0 : last.getValue().durableEnd;
    }

    /**
     * Passes every durable record with a sequence up to {@code upTo} through {@code transform} and
     * rewrites each segment where it changed a payload: a new file with the same records (same
     * sequences, changed payloads) is written and forced, then renamed over the old one. The
     * segment being written is sealed first, so every such record is in a sealed segment. This is how
     * an erasure removes events from the journal itself, not only from what is delivered.
     *
     * @param transform returns the new payload of a record, or {@code null} to keep it as it is
     * @return how many records changed
     */
    public int rewrite(long upTo, java.util.function.Function<JournalRecord, byte[]> transform) throws IOException {
        sealActive();
        int changed = 0;
        synchronized (maintenance) {
            for (Map.Entry<Long, Segment> e : segments.entrySet()) {
                if (e.getKey() > upTo || e.getValue() == segments.lastEntry().getValue()) {
                    break;
                }
                changed += rewriteSegment(e.getValue(), upTo, transform);
            }
        }
        return changed;
    }

    private int rewriteSegment(Segment seg, long upTo, java.util.function.Function<JournalRecord, byte[]> transform)
            throws IOException {
        List<Frames.Frame> frames = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        int changed = 0;
        try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ)) {
            FrameReader in = new FrameReader(ch);
            long end = seg.durableEnd;
            long offset = Frames.SEGMENT_HEADER_BYTES;
            long lastSeq = seg.firstSeq - 1;
            while (offset < end) {
                Frames.Frame f = Frames.readFrame(in, seg.salt, offset, end, settings.maxRecordBytes(), lastSeq + 1, lastSeq + 1);
                if (f == null) {
                    f = Frames.resync(in, seg.salt, offset, end, settings.maxRecordBytes(), lastSeq);
                    if (f == null) {
                        break;
                    }
                }
                byte[] payload = f.payload();
                if (f.sequence() <= upTo) {
                    byte[] replaced = transform.apply(new JournalRecord(f.sequence(), payload));
                    if (replaced != null) {
                        if (replaced.length == 0 || replaced.length > settings.maxRecordBytes()) {
                            throw new IllegalArgumentException("a rewritten payload must be 1.." + settings.maxRecordBytes() + " bytes");
                        }
                        payload = replaced;
                        changed++;
                    }
                }
                frames.add(f);
                payloads.add(payload);
                offset = f.end();
                lastSeq = f.sequence();
            }
        } catch (NoSuchFileException deleted) {
            return 0;
        }
        if (changed == 0) {
            return 0;
        }
        Path tmp = dir.resolve(name(seg.firstSeq) + REWRITE_SUFFIX);
        long size = Frames.SEGMENT_HEADER_BYTES;
        FrameIndex rewrittenIndex = new FrameIndex();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer h = Frames.segmentHeader(seg.firstSeq, seg.salt);
            while (h.hasRemaining()) {
                ch.write(h);
            }
            for (int i = 0; i < frames.size(); i++) {
                byte[] payload = payloads.get(i);
                rewrittenIndex.add(frames.get(i).sequence(), size);
                ByteBuffer b = ByteBuffer.allocate(Frames.FRAME_HEADER_BYTES + payload.length);
                Frames.putFrame(b, seg.salt, frames.get(i).sequence(), payload);
                b.flip();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                size += Frames.FRAME_HEADER_BYTES + payload.length;
            }
            ch.force(true);
        }
        long oldSize;
        swap.writeLock().lock();
        try {
            oldSize = Files.size(seg.path);
            Files.move(tmp, seg.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            seg.durableEnd = size;
            seg.index = rewrittenIndex;
            readHint = null;
        } finally {
            swap.writeLock().unlock();
        }
        forceDirectory();
        addDiskBytes(size - oldSize);
        return changed;
    }

    private int deleteSegmentsBeforeLocked(long sequence) throws IOException {
        int deleted = 0;
        for (Map.Entry<Long, Segment> e : segments.entrySet()) {
            Map.Entry<Long, Segment> next = segments.higherEntry(e.getKey());
            if (next == null || next.getKey() > sequence) {
                break; // last (active) segment, or it holds a record >= sequence
            }
            Segment seg = e.getValue();
            long size = Files.size(seg.path);
            segments.remove(e.getKey());
            Files.deleteIfExists(seg.path);
            deleted++;
            lock.lock();
            try {
                diskBytes -= size;
            } finally {
                lock.unlock();
            }
        }
        if (deleted > 0) {
            forceDirectory();
        }
        return deleted;
    }

    /** Writes and forces what is queued, stops the writer thread and closes the files. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (activeChannel != null && activeChannel.isOpen()) {
            activeChannel.close();
        }
    }

    // ---- writer thread ----

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            CompletableFuture<Void> roll;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed && rollRequest == null) {
                    notEmpty.awaitUninterruptibly();
                }
                roll = rollRequest;
                rollRequest = null;
                if (queue.isEmpty() && roll == null) {
                    return;
                }
                group.addAll(queue);
                queue.clear();
            } finally {
                lock.unlock();
            }
            if (group.isEmpty()) {
                rollActive(roll);
                continue;
            }
            long groupBytes = 0;
            for (Pending p : group) {
                groupBytes += Frames.FRAME_HEADER_BYTES + p.payload().length;
            }
            Throwable error = null;
            long[] sequences = new long[group.size()];
            try {
                writeGroup(group, sequences);
            } catch (Throwable t) {
                error = t;
                LOG.error("Journal write failed in {}; it takes no more appends until reopened", dir, t);
            }
            lock.lock();
            try {
                queuedRecords -= group.size();
                queuedBytes -= groupBytes;
                if (error != null) {
                    failure = error;
                    for (Pending p : queue) {
                        p.future().completeExceptionally(error);
                    }
                    queuedRecords -= queue.size();
                    queue.clear();
                }
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < group.size(); i++) {
                if (error == null) {
                    Pending done = group.get(i);
                    if (done.onDurable() != null) {
                        try {
                            done.onDurable().accept(sequences[i]);
                        } catch (RuntimeException e) {
                            LOG.warn("A journal listener failed on sequence {}: {}", sequences[i], e.toString());
                        }
                    }
                    done.future().complete(sequences[i]);
                } else {
                    group.get(i).future().completeExceptionally(error);
                }
            }
            group.clear();
            if (error != null) {
                lock.lock();
                try {
                    queuedBytes = 0;
                } finally {
                    lock.unlock();
                }
            }
            rollActive(roll);
        }
    }

    /** Writer thread: seals the active segment if it holds a record, so that it can be rewritten. */
    private void rollActive(CompletableFuture<Void> request) {
        if (request == null) {
            return;
        }
        try {
            if (failure == null && active.durableEnd > Frames.SEGMENT_HEADER_BYTES) {
                roll();
            }
            request.complete(null);
        } catch (Throwable t) {
            request.completeExceptionally(t);
        }
    }

    private void writeGroup(List<Pending> group, long[] sequences) throws IOException {
        buffer.clear();
        long position = activeChannel.size();
        for (int i = 0; i < group.size(); i++) {
            byte[] payload = group.get(i).payload();
            int frame = Frames.FRAME_HEADER_BYTES + payload.length;
            long segmentSize = position + buffer.position();
            if (segmentSize + frame > settings.segmentBytes() && segmentSize > Frames.SEGMENT_HEADER_BYTES) {
                position = flush(position);
                forcer.force(activeChannel);
                active.durableEnd = position;
                roll();
                position = activeChannel.size();
            }
            if (buffer.remaining() < frame) {
                if (buffer.position() > 0) {
                    position = flush(position);
                }
                if (buffer.capacity() < frame) {
                    buffer = ByteBuffer.allocate(frame);
                }
            }
            long seq = nextSeq++;
            active.index.add(seq, position + buffer.position());
            Frames.putFrame(buffer, active.salt, seq, payload);
            sequences[i] = seq;
        }
        position = flush(position);
        forcer.force(activeChannel);
        active.durableEnd = position;
        durableSeq = nextSeq - 1;
    }

    private long flush(long position) throws IOException {
        buffer.flip();
        long p = position;
        int n = buffer.remaining();
        while (buffer.hasRemaining()) {
            p += activeChannel.write(buffer, p);
        }
        buffer.clear();
        addDiskBytes(n);
        return p;
    }

    private void addDiskBytes(long n) {
        lock.lock();
        try {
            diskBytes += n;
        } finally {
            lock.unlock();
        }
    }

    private void roll() throws IOException {
        activeChannel.close();
        openNewSegment(nextSeq);
    }

    private void openNewSegment(long firstSeq) throws IOException {
        int salt = random.nextInt();
        Path path = dir.resolve(name(firstSeq) + SUFFIX);
        Path tmp = dir.resolve(name(firstSeq) + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer h = Frames.segmentHeader(firstSeq, salt);
            while (h.hasRemaining()) {
                ch.write(h);
            }
            ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        addDiskBytes(Frames.SEGMENT_HEADER_BYTES);
        active = new Segment(firstSeq, salt, path, Frames.SEGMENT_HEADER_BYTES);
        activeChannel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        segments.put(firstSeq, active);
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is then as durable as they allow
            LOG.debug("Could not force journal directory {}: {}", dir, e.toString());
        }
    }

    static String name(long firstSeq) {
        return String.format("%020d", firstSeq);
    }

    // ---- recovery (constructor only) ----

    private RecoveryReport recover() throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        List<Path> setAside = new ArrayList<>();
        long highestSetAside = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String file = p.getFileName().toString();
                if (file.endsWith(REWRITE_SUFFIX)) {
                    Files.delete(p); // a rewrite that did not finish: the segment itself is untouched
                } else if (file.endsWith(TMP_SUFFIX)) {
                    Files.delete(p); // a roll that did not finish: header only, no records
                } else if (file.endsWith(SUFFIX)) {
                    String digits = file.substring(0, file.length() - SUFFIX.length());
                    try {
                        found.put(Long.parseLong(digits), p);
                    } catch (NumberFormatException e) {
                        LOG.warn("Ignoring {} in the journal directory: not a segment name", file);
                    }
                }
            }
        }
        long records = 0;
        long truncated = 0;
        long lost = 0;
        List<RecoveryReport.SkippedRange> skipped = new ArrayList<>();
        long lastSeq = 0; // last valid sequence so far
        Segment last = null;
        long lastEnd = 0;
        int scanned = 0;
        for (Map.Entry<Long, Path> e : found.entrySet()) {
            Path path = e.getValue();
            boolean isLast = e.getKey().equals(found.lastKey());
            Frames.Header header;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                header = Frames.parseSegmentHeader(ch);
            }
            if (header == null || header.firstSequence() != e.getKey()) {
                highestSetAside = Math.max(highestSetAside, highestSequenceIn(path, e.getKey()));
                Path corrupt = path.resolveSibling(path.getFileName() + CORRUPT_SUFFIX);
                Files.move(path, corrupt, StandardCopyOption.REPLACE_EXISTING);
                setAside.add(corrupt);
                LOG.warn("Journal segment {} has a truncated or invalid header; set aside as {}",
                        path.getFileName(), corrupt.getFileName());
                continue;
            }
            scanned++;
            long first = header.firstSequence();
            int salt = header.salt();
            if (lastSeq != 0 && first != lastSeq + 1) {
                long gap = Math.max(0, first - lastSeq - 1);
                lost += gap;
                if (!skipped.isEmpty() && skipped.get(skipped.size() - 1).records() < 0) {
                    RecoveryReport.SkippedRange tail = skipped.remove(skipped.size() - 1);
                    skipped.add(new RecoveryReport.SkippedRange(tail.segment(), tail.fromOffset(), tail.toOffset(), gap));
                }
                if (gap > 0) {
                    LOG.warn("Journal sequences {}..{} are missing before segment {}", lastSeq + 1, first - 1,
                            path.getFileName());
                }
            } else if (!skipped.isEmpty() && skipped.get(skipped.size() - 1).records() < 0) {
                RecoveryReport.SkippedRange tail = skipped.remove(skipped.size() - 1);
                skipped.add(new RecoveryReport.SkippedRange(tail.segment(), tail.fromOffset(), tail.toOffset(), 0));
            }
            long segLast = first - 1;
            long offset = Frames.SEGMENT_HEADER_BYTES;
            FrameIndex recoveredIndex = new FrameIndex();
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FrameReader in = new FrameReader(ch);
                long size = ch.size();
                while (offset < size) {
                    Frames.Frame f = Frames.readFrame(in, salt, offset, size, settings.maxRecordBytes(), segLast + 1, segLast + 1);
                    if (f == null) {
                        Frames.Frame next = Frames.resync(in, salt, offset, size, settings.maxRecordBytes(), segLast);
                        if (next == null) {
                            if (isLast) {
                                truncated += size - offset;
                                ch.truncate(offset);
                                ch.force(true);
                                LOG.warn("Journal segment {}: cut a torn tail of {} bytes at offset {}",
                                        path.getFileName(), size - offset, offset);
                            } else {
                                // records lost here are known once the next segment's first sequence is
                                skipped.add(new RecoveryReport.SkippedRange(path, offset, size, -1));
                                LOG.warn("Journal segment {}: bytes {}..{} hold no valid record", path.getFileName(),
                                        offset, size);
                            }
                            break;
                        }
                        long n = next.sequence() - segLast - 1;
                        lost += n;
                        skipped.add(new RecoveryReport.SkippedRange(path, offset, next.offset(), n));
                        LOG.warn("Journal segment {}: skipped bytes {}..{} ({} records) with a bad length or CRC",
                                path.getFileName(), offset, next.offset(), n);
                        f = next;
                    }
                    records++;
                    recoveredIndex.add(f.sequence(), f.offset());
                    segLast = f.sequence();
                    offset = f.end();
                }
                if (isLast) {
                    lastEnd = offset;
                }
                addDiskBytesUnlocked(ch.size());
            }
            lastSeq = segLast;
            last = new Segment(first, salt, path, offset);
            last.index = recoveredIndex;
            segments.put(first, last);
        }
        if (!skipped.isEmpty() && skipped.get(skipped.size() - 1).records() < 0) {
            RecoveryReport.SkippedRange tail = skipped.remove(skipped.size() - 1);
            skipped.add(new RecoveryReport.SkippedRange(tail.segment(), tail.fromOffset(), tail.toOffset(), 0));
        }
        nextSeq = Math.max(lastSeq + 1, highestSetAside + 1);
        durableSeq = nextSeq - 1;
        if (last != null && nextSeq == lastSeq + 1 && last == segments.lastEntry().getValue()
                && lastEnd < settings.segmentBytes()) {
            active = last;
            activeChannel = FileChannel.open(last.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } else {
            if (last != null && nextSeq != lastSeq + 1) {
                LOG.warn("Journal continues at sequence {} after set-aside segments", nextSeq);
            }
            openNewSegment(nextSeq);
        }
        RecoveryReport report = new RecoveryReport(scanned, records, truncated, lost, skipped, setAside, nextSeq);
        if (!report.clean()) {
            LOG.warn("Journal {} recovered: {} records, {} bytes cut, {} records lost, {} segments set aside",
                    dir, records, truncated, lost, setAside.size());
        }
        return report;
    }

    /**
     * The highest sequence a segment with a bad header may hold, so that it is never given again:
     * its name's sequence minus one, or the last frame that still verifies after where the header
     * should end (best effort, same resynchronisation rule).
     */
    private long highestSequenceIn(Path path, long nameSeq) throws IOException {
        long last = nameSeq - 1;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            FrameReader in = new FrameReader(ch);
            Integer salt = Frames.saltOfDamagedHeader(ch);
            if (salt == null) {
                return last; // too short to hold a salt, so it holds no record either
            }
            long size = ch.size();
            long offset = Math.min(Frames.SEGMENT_HEADER_BYTES, size);
            while (offset < size) {
                Frames.Frame f = Frames.readFrame(in, salt, offset, size, settings.maxRecordBytes(), last + 1, last + 1);
                if (f == null) {
                    f = Frames.resync(in, salt, offset, size, settings.maxRecordBytes(), last);
                    if (f == null) {
                        break;
                    }
                }
                last = f.sequence();
                offset = f.end();
            }
        }
        return last;
    }

    private void addDiskBytesUnlocked(long n) {
        diskBytes += n;
    }
}
