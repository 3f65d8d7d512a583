package org.homeport.anonymizers.basic.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the HMAC key: the configured one, else the key file, else a newly generated key file.
 * Messages and logs name paths and lengths only, never key material.
 */
final class HmacKeys {
    static final int MIN_KEY_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(HmacKeys.class);

    private HmacKeys() {
    }

    /** Where the key file lives when {@code key.file} is not set. */
    static Path defaultKeyFile(String karafData) {
        String data = karafData == null || karafData.isBlank() ? "./data" : karafData;
        return Paths.get(data, "homeport", "keys", "hmac.key");
    }

    /**
     * @param configuredKey base64 key from configuration, or blank to use {@code keyFile}
     * @param keyFile       read if it exists, created with a random key if it does not
     * @throws IllegalArgumentException if a key is not base64 or shorter than 32 bytes
     */
    static byte[] load(String configuredKey, Path keyFile) throws IOException {
        if (configuredKey != null && !configuredKey.isBlank()) {
            return decode(configuredKey, "configuration property '.key'");
        }
        if (Files.exists(keyFile)) {
            return read(keyFile);
        }
        return generate(keyFile);
    }

    private static byte[] read(Path keyFile) throws IOException {
        return decode(Files.readString(keyFile, StandardCharsets.US_ASCII), "key file " + keyFile);
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HMAC key in " + where + " is not valid base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("HMAC key in " + where + " has " + key.length
                    + " bytes; at least " + MIN_KEY_BYTES + " are required");
        }
        return key;
    }

    private static byte[] generate(Path keyFile) throws IOException {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Written to a private temporary file first so the key file never exists half-written
        // or readable by others, then linked into place so an existing key is never replaced.
        Path temp = createPrivateTempFile(dir);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.US_ASCII.encode(Base64.getEncoder().encodeToString(key) + "\n"));
                channel.force(true);
            }
            try {
                Files.createLink(keyFile, temp);
            } catch (FileAlreadyExistsException e) {
                // Someone else created it meanwhile; theirs is the key in use.
                return read(keyFile);
            } catch (UnsupportedOperationException | IOException e) {
                // File systems without hard links: an atomic rename is the next best thing.
                Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("Generated a new HMAC pseudonymization key in {}; back it up, pseudonyms change without it", keyFile);
        return key;
    }

    private static Path createPrivateTempFile(Path dir) throws IOException {
        try {
            FileAttribute<Set<java.nio.file.attribute.PosixFilePermission>> ownerOnly =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, ".hmac", ".tmp", ownerOnly);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the directory's ACLs have to protect the key.
            return Files.createTempFile(dir, ".hmac", ".tmp");
        }
    }
}
