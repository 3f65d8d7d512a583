package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In Karaf the PostgreSQL driver is an optional import; the H2 store must load and run without
 * it. Runs the store in a class loader that has the bundle, the API, H2 and SLF4J, nothing else.
 */
class H2StoreWithoutPostgresqlDriverTest {
    @TempDir
    Path directory;

    @Test
    void theH2StoreRunsWithoutThePostgresqlDriverOnTheClassPath() throws Exception {
        URL[] classPath = Stream.of(JdbcConsentStore.class, ConsentState.class, org.h2.Driver.class,
                        org.slf4j.Logger.class)
                .map(c -> c.getProtectionDomain().getCodeSource().getLocation())
                .distinct()
                .toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("org.postgresql.Driver"))
                    .isInstanceOf(ClassNotFoundException.class);

            Class<?> storeClass = loader.loadClass(JdbcConsentStore.class.getName());
            Class<?> recordClass = loader.loadClass(ConsentRecord.class.getName());
            Class<?> stateClass = loader.loadClass(ConsentState.class.getName());
            Object granted = stateClass.getField("GRANTED").get(null);
            Object record = recordClass.getConstructors()[0].newInstance(0L, "acme", "s1", "analytics", granted, 1,
                    Instant.parse("2025-03-01T10:00:00Z"), "api", "r1", "app-key-1");

            Object store = storeClass.getMethod("h2", Path.class, int.class).invoke(null, directory.resolve("consent"), 1);
            try {
                storeClass.getMethod("appendConsent", recordClass).invoke(store, record);
                Object current = storeClass.getMethod("currentConsent", String.class, String.class, String.class)
                        .invoke(store, "acme", "s1", "analytics");
                storeClass.getMethod("appendAudit", String.class, String.class, String.class, String.class,
                        Instant.class).invoke(store, "admin", "consent.grant", "acme/s1", null, Instant.now());
                Object verification = storeClass.getMethod("verifyAudit").invoke(store);

                assertThat(current).asString().contains("requestId=r1");
                assertThat(verification).asString().contains("intact=true");
            } finally {
                storeClass.getMethod("close").invoke(store);
            }
        }
    }
}
