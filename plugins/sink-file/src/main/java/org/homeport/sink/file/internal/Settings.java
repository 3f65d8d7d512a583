package org.homeport.sink.file.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The validated settings of one file sink.
 *
 * @param name          the sink name pipelines select on
 * @param directory     absolute base directory; each purpose gets a subdirectory
 * @param rotateBytes   a file is not grown past this size (a single larger line gets a file alone)
 * @param fsyncBatch    whether each group commit is forced to disk before acknowledging
 * @param queueCapacity how many batches may wait for the writer
 * @param dedupeMaxIds   how many event ids the sink remembers at most, over all its open files
 * @param dedupeMaxBytes how much heap (estimated, {@link DailyFiles#rememberedBytes}) those ids take at most
 */
record Settings(String name, Path directory, long rotateBytes, boolean fsyncBatch, int queueCapacity,
        long dedupeMaxIds, long dedupeMaxBytes) {
    static final long DEFAULT_DEDUPE_MAX_IDS = 200_000L;
    static final long DEFAULT_DEDUPE_MAX_BYTES = 32L * 1024 * 1024;
    /** One file's id table must stay far below the largest Java array. */
    static final long MAX_DEDUPE_IDS = 100_000_000L;

    Settings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("homeport.sink.name must not be blank");
        }
        if (rotateBytes <= 0) {
            throw new IllegalArgumentException("rotate.bytes must be positive, was " + rotateBytes);
        }
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queue.capacity must be positive, was " + queueCapacity);
        }
        if (dedupeMaxIds <= 0 || dedupeMaxIds > MAX_DEDUPE_IDS) {
            throw new IllegalArgumentException(
                    "dedupe.max.ids must be between 1 and " + MAX_DEDUPE_IDS + ", was " + dedupeMaxIds);
        }
        if (dedupeMaxBytes <= 0) {
            throw new IllegalArgumentException("dedupe.max.bytes must be positive, was " + dedupeMaxBytes);
        }
        directory = directory.toAbsolutePath().normalize();
    }

    /** With the default bounds for remembered ids. */
    Settings(String name, Path directory, long rotateBytes, boolean fsyncBatch, int queueCapacity) {
        this(name, directory, rotateBytes, fsyncBatch, queueCapacity, DEFAULT_DEDUPE_MAX_IDS, DEFAULT_DEDUPE_MAX_BYTES);
    }

    static Settings from(FileSink.Config config, String karafData) {
        Path data = Paths.get(karafData == null || karafData.isBlank() ? "./data" : karafData);
        String configured = config.directory().strip();
        Path directory = configured.isEmpty() ? data.resolve("homeport").resolve("events") : data.resolve(configured);
        return new Settings(config.homeport_sink_name().strip(), directory, config.rotate_bytes(),
                parseFsync(config.fsync()), config.queue_capacity(), config.dedupe_max_ids(), config.dedupe_max_bytes());
    }

    private static boolean parseFsync(String value) {
        switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
            case "batch":
                return true;
            case "never":
                return false;
            default:
                throw new IllegalArgumentException("fsync must be 'batch' or 'never', was '" + value + "'");
        }
    }

    String fsyncPolicy() {
        return fsyncBatch ? "batch" : "never";
    }
}
