package org.homeport.anonymizers.basic.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key files of the HMAC key ring: one {@code <keyId>.key} per key, holding the key in base64.
 * Messages and logs name files and lengths only, never key material.
 */
final class HmacKeyFiles {
    static final int MIN_KEY_BYTES = 32;
    private static final String SUFFIX = ".key";
    private static final Logger LOG = LoggerFactory.getLogger(HmacKeyFiles.class);

    private final Path dir;
    /** Makes a directory's entries durable; tests watch it. */
    private final DirectorySync directorySync;

    /** Forces a directory so that files created, renamed or deleted in it survive a power loss. */
    @FunctionalInterface
    interface DirectorySync {
        void force(Path directory) throws IOException;
    }

    HmacKeyFiles(Path dir) {
        this(dir, HmacKeyFiles::forceDirectory);
    }

    HmacKeyFiles(Path dir, DirectorySync directorySync) {
        this.dir = dir.toAbsolutePath();
        this.directorySync = directorySync;
    }

    Path dir() {
        return dir;
    }

    Path file(KeyId id) {
        return dir.resolve(id.text() + SUFFIX);
    }

    /**
     * Every key file in the directory. Files whose name is not a key id are not keys and are
     * left alone.
     *
     * @throws IllegalArgumentException if a key file is not base64 or holds fewer than 32 bytes:
     *         pseudonymizing with the wrong key would be worse than refusing
     */
    Map<KeyId, byte[]> readAll() throws IOException {
        Map<KeyId, byte[]> keys = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                KeyId id = KeyId.parse(name.substring(0, name.length() - SUFFIX.length()));
                if (id != null) {
                    keys.put(id, read(entry));
                }
            }
        }
        return keys;
    }

    /** Creates the key file of {@code id} with a random key, unless it exists already. */
    void createIfMissing(KeyId id) throws IOException {
        Path keyFile = file(id);
        if (Files.exists(keyFile)) {
            return;
        }
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(dir);
        // Written to a private temporary file first so the key file never exists half-written
        // or readable by others, then linked into place so an existing key is never replaced.
        Path temp = createPrivateTempFile();
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.US_ASCII.encode(Base64.getEncoder().encodeToString(key) + "\n"));
                channel.force(true);
            }
            try {
                Files.createLink(keyFile, temp);
            } catch (FileAlreadyExistsException e) {
                // Another node sharing the directory created it meanwhile; theirs is the key.
                return;
            } catch (UnsupportedOperationException | IOException e) {
                // File systems without hard links: an atomic rename is the next best thing.
                Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        // The key's bytes were forced above, its name was not: without this a power loss could
        // take the file away after pseudonyms made with it were stored.
        directorySync.force(dir);
        LOG.info("Generated the HMAC key {} in {}; back up this directory, pseudonyms cannot be matched without it",
                id.text(), dir);
    }

    /** Deletes a retired key. On copy-on-write file systems or SSDs old blocks may survive. */
    void destroy(KeyId id) throws IOException {
        if (Files.deleteIfExists(file(id))) {
            directorySync.force(dir);
        }
    }

    /** Some platforms (Windows) cannot open or force a directory; there the rename itself has to do. */
    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException e) {
            // nothing more can be done on such a platform
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }

    private static byte[] read(Path keyFile) throws IOException {
        String base64 = Files.readString(keyFile, StandardCharsets.US_ASCII);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HMAC key file " + keyFile + " is not valid base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("HMAC key file " + keyFile + " holds " + key.length
                    + " bytes; at least " + MIN_KEY_BYTES + " are required");
        }
        return key;
    }

    private Path createPrivateTempFile() throws IOException {
        try {
            FileAttribute<Set<PosixFilePermission>> ownerOnly =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, ".hmac", ".tmp", ownerOnly);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the directory's ACLs have to protect the key.
            return Files.createTempFile(dir, ".hmac", ".tmp");
        }
    }
}
