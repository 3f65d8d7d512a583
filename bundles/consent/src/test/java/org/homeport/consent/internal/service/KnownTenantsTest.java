package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.store.JdbcConsentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tenant is known by an API key, a consent record or the configuration, matched exactly; nothing else is. */
class KnownTenantsTest {
    @TempDir
    Path directory;

    private ConsentStore store;
    private final List<String> keyTenants = new ArrayList<>(List.of("demo"));

    @BeforeEach
    void open() {
        store = JdbcConsentStore.h2(directory.resolve("consent"), 2);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTenantAnApiKeyWritesForIsKnownAndItsCaseVariantIsRefusedWithAHint() {
        KnownTenants tenants = new KnownTenants(store, () -> keyTenants, List.of());

        assertThatCode(() -> tenants.requireKnown("demo")).doesNotThrowAnyException();
        assertThatThrownBy(() -> tenants.requireKnown("Demo"))
                .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TENANT))
                .hasMessageContaining("no tenant 'Demo' is known")
                .hasMessageContaining("did you mean 'demo'?");
    }

    @Test
    void aTenantIsKnownOnceAConsentRecordNamesIt() {
        KnownTenants tenants = new KnownTenants(store, List::of, List.of());
        assertThatThrownBy(() -> tenants.requireKnown("acme")).isInstanceOf(ConsentException.class)
                .hasMessageNotContaining("did you mean");

        store.appendConsent(new ConsentRecord(0, "acme", "u1", "analytics", ConsentState.GRANTED, 1, Instant.now(), "api",
                "r1", "key"));

        assertThatCode(() -> tenants.requireKnown("acme")).doesNotThrowAnyException();
    }

    @Test
    void theConfigurationNamesTenantsOfTokensCommaSeparatedOrNot() {
        KnownTenants tenants = new KnownTenants(store, List::of, List.of("backend-a, backend-b", "backend-c"));

        for (String tenant : List.of("backend-a", "backend-b", "backend-c")) {
            assertThatCode(() -> tenants.requireKnown(tenant)).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> tenants.requireKnown("backend-d")).isInstanceOf(ConsentException.class);
    }

    @Test
    void aKeyAddedLaterCountsWithoutARestart() {
        KnownTenants tenants = new KnownTenants(store, () -> keyTenants, List.of());
        assertThatThrownBy(() -> tenants.requireKnown("acme")).isInstanceOf(ConsentException.class);

        keyTenants.add("acme");

        assertThatCode(() -> tenants.requireKnown("acme")).doesNotThrowAnyException();
    }
}
