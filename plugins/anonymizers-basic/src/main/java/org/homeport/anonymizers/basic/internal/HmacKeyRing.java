package org.homeport.anonymizers.basic.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.homeport.api.anonymize.Pseudonymizer;
import org.homeport.api.config.Durations;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed pseudonyms, {@code ps_<keyId>_<hex(HMAC-SHA256(key, value)[0..16))>}, under keys that
 * rotate every {@code rotation.period} and are destroyed {@code retire.after} once superseded.
 * The key of the current period makes new pseudonyms; older keys stay live so data-subject
 * requests can still find what they made, until they retire. Once a key file is gone, nobody can
 * tell whose its pseudonyms were.
 *
 * <p>Key files live in {@code key.dir}; each period's file is created on first use, or taken as
 * it is if an operator placed it there in advance (how several nodes share keys).
 */
@Component(service = {Pseudonymizer.class, HmacKeyRing.class}, configurationPid = HmacKeyRing.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HmacKeyRing.Config.class)
public class HmacKeyRing implements Pseudonymizer {
    static final String PID = "org.homeport.anonymizer.hmac";
    static final String PREFIX = "ps_";
    private static final Logger LOG = LoggerFactory.getLogger(HmacKeyRing.class);
    private static final String ALGORITHM = "HmacSHA256";
    private static final int PSEUDONYM_BYTES = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** How often key files are re-read without traffic: rotation and retirement happen on time. */
    private static final long REFRESH_SECONDS = 60;

    @ObjectClassDefinition(name = "Homeport HMAC pseudonym keys",
            description = "Keys of the keyed pseudonyms made by 'hmac' and by pii-redact's hmac treatment")
    public @interface Config {
        @AttributeDefinition(name = "Key directory",
                description = "Directory of the key files (<keyId>.key, base64). Empty: ${karaf.data}/homeport/keys/hmac")
        String key_dir() default "";

        @AttributeDefinition(name = "Rotation period",
                description = "ISO-8601 whole days, e.g. P30D: a new key starts every period (aligned to 1970-01-01 UTC). P0D: never rotate")
        String rotation_period() default "P30D";

        @AttributeDefinition(name = "Retire after",
                description = "ISO-8601 duration a superseded key stays live for data-subject requests before it is destroyed, e.g. P395D")
        String retire_after() default "P395D";
    }

    private final HmacKeyFiles files;
    private final KeySchedule schedule;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile Ring ring;

    @Activate
    public HmacKeyRing(Config config) {
        this(new HmacKeyFiles(keyDir(config.key_dir())),
                new KeySchedule(days(config.rotation_period(), "rotation.period"), duration(config.retire_after())),
                Clock.systemUTC(), true);
    }

    HmacKeyRing(HmacKeyFiles files, KeySchedule schedule, Clock clock, boolean refreshInBackground) {
        this.files = files;
        this.schedule = schedule;
        this.clock = clock;
        this.ring = load();
        if (refreshInBackground) {
            refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "homeport-hmac-keys");
                thread.setDaemon(true);
                return thread;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
        } else {
            refresher = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    @Override
    public String pseudonymize(String value) {
        return current().pseudonym(value);
    }

    @Override
    public List<String> liveKeyIds() {
        return current().ids();
    }

    @Override
    public String pseudonymize(String value, String keyId) {
        for (LiveKey key : current().keys()) {
            if (key.id().text().equals(keyId)) {
                return key.pseudonym(value);
            }
        }
        throw new IllegalArgumentException("no live HMAC key has the id '" + keyId + "'");
    }

    /** The live keys for operators ({@code hmac:keys}): id, start, retirement; never key material. */
    public List<KeyInfo> keys() {
        Ring current = current();
        List<KeyInfo> infos = new ArrayList<>();
        for (int i = 0; i < current.keys().size(); i++) {
            LiveKey key = current.keys().get(i);
            Instant supersededAt = i == 0 ? null : current.keys().get(i - 1).id().start();
            infos.add(new KeyInfo(key.id().text(), key.id().start(), i == 0,
                    supersededAt == null ? null : schedule.retiresAt(supersededAt)));
        }
        return infos;
    }

    /** @param retiresAt when the key is destroyed; {@code null} while it is the current key */
    public record KeyInfo(String id, Instant start, boolean current, Instant retiresAt) {
    }

    /** Where the key files are, for operators. */
    public Path keyDirectory() {
        return files.dir();
    }

    /** Re-reads the key files now, rotating and retiring as the schedule says. */
    synchronized void refresh() {
        ring = load();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Keep the keys in memory; the next event or the next minute tries again.
            LOG.warn("Could not refresh the HMAC keys in {}: {}", files.dir(), e.getMessage());
        }
    }

    private Ring current() {
        Ring snapshot = ring;
        if (clock.instant().isBefore(snapshot.validUntil())) {
            return snapshot;
        }
        synchronized (this) {
            if (!clock.instant().isBefore(ring.validUntil())) {
                ring = load();
            }
            return ring;
        }
    }

    private Ring load() {
        Instant now = clock.instant();
        KeyId currentId = schedule.currentId(now);
        Map<KeyId, byte[]> stored;
        try {
            stored = files.readAll();
            // A key placed for a later day of this period (a manual rotation) counts as this period's key.
            boolean periodHasKey = stored.keySet().stream()
                    .anyMatch(id -> !id.start().isBefore(currentId.start()) && !id.start().isAfter(now));
            if (!periodHasKey) {
                files.createIfMissing(currentId);
                stored = files.readAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the HMAC keys in " + files.dir(), e);
        }
        // Newest first; keys that start in the future (placed there in advance) wait for their time.
        List<KeyId> ids = new ArrayList<>(stored.keySet());
        Instant firstFutureStart = ids.stream().map(KeyId::start).filter(start -> start.isAfter(now))
                .min(Instant::compareTo).orElse(Instant.MAX);
        ids.removeIf(id -> id.start().isAfter(now));
        ids.sort((a, b) -> b.start().compareTo(a.start()));
        List<LiveKey> live = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            KeyId id = ids.get(i);
            if (i > 0 && schedule.retired(ids.get(i - 1).start(), now)) {
                try {
                    files.destroy(id);
                    LOG.info("Retired the HMAC key {}: pseudonyms made with it can no longer be linked to anyone", id.text());
                } catch (IOException e) {
                    LOG.warn("Could not delete the retired HMAC key file of {}: {}", id.text(), e.getMessage());
                }
                continue;
            }
            live.add(new LiveKey(id, stored.get(id)));
        }
        Instant validUntil = schedule.nextChange(now, ids);
        if (firstFutureStart.isBefore(validUntil)) {
            validUntil = firstFutureStart;
        }
        return new Ring(List.copyOf(live), validUntil);
    }

    private static Path keyDir(String configured) {
        if (!configured.isBlank()) {
            return Paths.get(configured);
        }
        String data = System.getProperty("karaf.data");
        return Paths.get(data == null || data.isBlank() ? "./data" : data, "homeport", "keys", "hmac");
    }

    private static int days(String text, String name) {
        Duration duration = duration(text);
        if (duration.isNegative() || duration.toSeconds() % 86_400 != 0) {
            throw new IllegalArgumentException(name + " must be whole days, e.g. P30D, or P0D for never; got '" + text + "'");
        }
        return Math.toIntExact(duration.toDays());
    }

    private static Duration duration(String text) {
        return Durations.parse(text);
    }

    /** Live keys, current first, and when this view has to be recomputed. */
    private record Ring(List<LiveKey> keys, Instant validUntil) {
        LiveKey currentKey() {
            return keys.get(0);
        }

        String pseudonym(String value) {
            return currentKey().pseudonym(value);
        }

        List<String> ids() {
            return keys.stream().map(key -> key.id().text()).toList();
        }
    }

    /**
     * One key with a {@code Mac} initialised once. The prototype is never updated after
     * construction, so concurrent clones only read it; a {@code Mac} itself is not thread-safe, so
     * each thread keeps its own clone: cloning per pseudonym allocated about 700 bytes (two SHA-256
     * states and pads) for every field pseudonymized, a large share of the intake's garbage.
     */
    private static final class LiveKey {
        private final KeyId id;
        private final SecretKeySpec key;
        private final Mac prototype;
        private final String prefix;
        private final ThreadLocal<ThreadMac> perThread = ThreadLocal.withInitial(() -> new ThreadMac(newMac()));

        LiveKey(KeyId id, byte[] key) {
            this.id = id;
            this.key = new SecretKeySpec(key, ALGORITHM);
            this.prototype = init(this.key);
            this.prefix = PREFIX + id.text() + "_";
        }

        KeyId id() {
            return id;
        }

        String pseudonym(String value) {
            ThreadMac mac = perThread.get();
            byte[] digest = mac.digest;
            try {
                mac.mac.update(value.getBytes(StandardCharsets.UTF_8));
                mac.mac.doFinal(digest, 0);
            } catch (ShortBufferException e) {
                mac.mac.reset();
                throw new IllegalStateException("HmacSHA256 wrote more than " + digest.length + " bytes", e);
            }
            char[] out = new char[prefix.length() + 2 * PSEUDONYM_BYTES];
            prefix.getChars(0, prefix.length(), out, 0);
            for (int i = 0; i < PSEUDONYM_BYTES; i++) {
                out[prefix.length() + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
                out[prefix.length() + 2 * i + 1] = HEX[digest[i] & 0xf];
            }
            return new String(out);
        }

        private Mac newMac() {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // Providers without clone support: a fresh instance costs a key schedule, still correct.
                return init(key);
            }
        }

        /** A thread's own {@code Mac} of this key (doFinal leaves it ready for the next value) and digest buffer. */
        private record ThreadMac(Mac mac, byte[] digest) {
            ThreadMac(Mac mac) {
                this(mac, new byte[mac.getMacLength()]);
            }
        }

        private static Mac init(SecretKeySpec key) {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }
    }
}
