package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmacKeyRingTest {
    /** Bytes 1..32: HMAC-SHA256(key, "user-4711")[0..16) = ba098c…, computed with Python's hmac module. */
    private static final String KEY_BASE64 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T10:00:00Z"));

    private HmacKeyRing ring(int periodDays, Duration retireAfter) {
        return new HmacKeyRing(new HmacKeyFiles(dir), new KeySchedule(periodDays, retireAfter), clock, false);
    }

    @Test
    void pseudonymNamesItsKeyAndIsTheHmacOfTheValue() throws Exception {
        Files.writeString(dir.resolve("k19700101.key"), KEY_BASE64 + "\n");

        assertThat(ring(0, Duration.ZERO).pseudonymize("user-4711"))
                .isEqualTo("ps_k19700101_ba098ceffe8872b89c66baf7616f5b73");
    }

    @Test
    void generatesAnOwnerOnlyKeyPerPeriodAlignedToTheEpoch() throws Exception {
        HmacKeyRing ring = ring(30, Duration.ofDays(60));

        // 2026-11-30 is day 20787 since 1970-01-01 = 30 * 692 + 27, so its period started on day 20760, 2026-11-03.
        assertThat(ring.liveKeyIds()).containsExactly("k20261103");
        Path keyFile = dir.resolve("k20261103.key");
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }
        try (var entries = Files.list(dir)) {
            assertThat(entries).as("no temporary file left behind").containsExactly(keyFile);
        }
        assertThat(ring(30, Duration.ofDays(60)).pseudonymize("u1")).as("a second node reads the same file")
                .isEqualTo(ring.pseudonymize("u1"));
    }

    @Test
    void rotatesAtThePeriodBoundaryAndKeepsTheOldKeyLiveUntilItRetires() {
        HmacKeyRing ring = ring(30, Duration.ofDays(10));
        String before = ring.pseudonymize("user-4711");
        assertThat(ring.pseudonymize("user-4711")).as("stable within a period").isEqualTo(before);

        clock.set(Instant.parse("2026-12-03T00:00:00Z"));

        String after = ring.pseudonymize("user-4711");
        assertThat(after).startsWith("ps_k20261203_").isNotEqualTo(before);
        assertThat(ring.liveKeyIds()).containsExactly("k20261203", "k20261103");
        assertThat(ring.pseudonymize("user-4711", "k20261103")).isEqualTo(before);

        clock.set(Instant.parse("2026-12-12T23:59:59Z"));
        assertThat(ring.liveKeyIds()).containsExactly("k20261203", "k20261103");

        clock.set(Instant.parse("2026-12-13T00:00:00Z"));
        assertThat(ring.liveKeyIds()).containsExactly("k20261203");
        assertThat(dir.resolve("k20261103.key")).as("a retired key is destroyed").doesNotExist();
        assertThatThrownBy(() -> ring.pseudonymize("user-4711", "k20261103"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no live HMAC key");
    }

    @Test
    void aKeyPlacedInAdvanceStartsOnItsDayAndAKeyPlacedForTodayTakesOverAtOnce() throws Exception {
        Files.writeString(dir.resolve("k20261202.key"), KEY_BASE64);
        HmacKeyRing ring = ring(0, Duration.ofDays(30));
        assertThat(ring.liveKeyIds()).containsExactly("k19700101");

        clock.set(Instant.parse("2026-12-02T00:00:01Z"));

        assertThat(ring.liveKeyIds()).containsExactly("k20261202", "k19700101");
        assertThat(ring.pseudonymize("user-4711")).isEqualTo("ps_k20261202_ba098ceffe8872b89c66baf7616f5b73");
    }

    @Test
    void aKeyPlacedForTheCurrentPeriodIsUsedWithoutGeneratingAnother() throws Exception {
        Files.writeString(dir.resolve("k20000101.key"), KEY_BASE64);

        HmacKeyRing ring = ring(0, Duration.ZERO);

        assertThat(ring.liveKeyIds()).containsExactly("k20000101");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(dir.resolve("k20000101.key"));
        }
    }

    @Test
    void refreshPicksUpKeysChangedOnDisk() throws Exception {
        HmacKeyRing ring = ring(0, Duration.ofDays(30));
        String generated = ring.pseudonymize("user-4711");
        Files.writeString(dir.resolve("k19700101.key"), KEY_BASE64);

        ring.refresh();

        assertThat(ring.pseudonymize("user-4711")).isEqualTo("ps_k19700101_ba098ceffe8872b89c66baf7616f5b73")
                .isNotEqualTo(generated);
    }

    @Test
    void listsKeysForOperatorsWithTheirRetirementButNeverTheirMaterial() throws Exception {
        HmacKeyRing ring = ring(30, Duration.ofDays(10));
        clock.set(Instant.parse("2026-12-03T00:00:00Z"));

        List<HmacKeyRing.KeyInfo> keys = ring.keys();

        assertThat(keys).containsExactly(
                new HmacKeyRing.KeyInfo("k20261203", Instant.parse("2026-12-03T00:00:00Z"), true, null),
                new HmacKeyRing.KeyInfo("k20261103", Instant.parse("2026-11-03T00:00:00Z"), false,
                        Instant.parse("2026-12-13T00:00:00Z")));
    }

    @Test
    void filesThatAreNotKeysAreIgnoredAndBrokenKeysRefusedWithoutShowingThem() throws Exception {
        Files.writeString(dir.resolve("README.key"), "not a key id");
        Files.writeString(dir.resolve("notes.txt"), "x");
        assertThat(ring(0, Duration.ZERO).liveKeyIds()).containsExactly("k19700101");

        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
        Files.writeString(dir.resolve("k20261130.key"), shortKey);
        assertThatThrownBy(() -> ring(0, Duration.ZERO))
                .hasMessageContaining("k20261130.key").hasMessageContaining("31 bytes").hasMessageNotContaining(shortKey);
        Files.writeString(dir.resolve("k20261130.key"), "not base64!");
        assertThatThrownBy(() -> ring(0, Duration.ZERO)).hasMessageContaining("not valid base64");
    }

    @Test
    void refusesPeriodsThatAreNotWholeDaysAndBadDurations() {
        assertThatThrownBy(() -> new HmacKeyRing(config("PT12H", "P30D")))
                .hasMessageContaining("rotation.period must be whole days");
        assertThatThrownBy(() -> new HmacKeyRing(config("30 days", "P30D")))
                .hasMessageContaining("not a duration: '30 days'");
        assertThatThrownBy(() -> new HmacKeyRing(config("P30D", "P-1D")))
                .hasMessageContaining("not a duration: 'P-1D'");
    }

    @Test
    void isSafeFromManyThreadsAcrossARotation() {
        HmacKeyRing ring = ring(1, Duration.ofDays(5));
        List<String> ids = IntStream.range(0, 4000).parallel().mapToObj(i -> {
            if (i == 2000) {
                clock.set(Instant.parse("2026-12-01T00:00:00Z"));
            }
            return ring.pseudonymize("value-" + i).substring(0, 13);
        }).distinct().toList();

        assertThat(ids).isSubsetOf("ps_k20261130_", "ps_k20261201_");
        assertThat(ring.liveKeyIds()).containsExactly("k20261201", "k20261130");
    }

    private HmacKeyRing.Config config(String period, String retireAfter) {
        return new HmacKeyRing.Config() {
            @Override
            public String key_dir() {
                return dir.toString();
            }

            @Override
            public String rotation_period() {
                return period;
            }

            @Override
            public String retire_after() {
                return retireAfter;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return HmacKeyRing.Config.class;
            }
        };
    }

    /** A clock the test moves forward. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
