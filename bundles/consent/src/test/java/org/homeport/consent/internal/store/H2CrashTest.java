package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.PolicyVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store has acknowledged is in the H2 file even when the JVM dies right after. */
class H2CrashTest {
    @TempDir
    Path directory;

    @Test
    void acknowledgedWritesSurviveTheJvmDyingRightAfterThem() throws IOException, InterruptedException {
        Path file = directory.resolve("consent");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriteThenDie.class.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("acknowledged");

        try (JdbcConsentStore store = JdbcConsentStore.h2(file, 1)) {
            assertThat(store.latestPolicy("analytics")).isPresent();
            assertThat(store.currentConsent("acme", "s1", "analytics")).isPresent();
            assertThat(store.verifyAudit().checked()).isEqualTo(1);
        }
    }

    /** Writes through a store, says so, and stops the JVM at once: no shutdown hooks, no close. */
    public static final class WriteThenDie {
        public static void main(String[] args) {
            JdbcConsentStore store = JdbcConsentStore.h2(Path.of(args[0]), 1);
            Instant now = Instant.now();
            store.recordPolicy("analytics", "{}", PolicyVersion.ACTIVE, "admin", now);
            store.appendConsent(new ConsentRecord(0, "acme", "s1", "analytics", ConsentState.GRANTED, 1, now, "api",
                    "r1", "app-key-1"));
            store.appendAudit("admin", "consent.grant", "acme/s1", null, now);
            System.out.println("acknowledged");
            Runtime.getRuntime().halt(0);
        }
    }
}
