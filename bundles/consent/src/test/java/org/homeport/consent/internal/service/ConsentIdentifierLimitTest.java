package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.event.Identifiers;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one identifier limit (255 UTF-8 bytes) in the consent service, on a real H2 store. */
class ConsentIdentifierLimitTest {
    @TempDir
    Path directory;
    private ConsentBundle bundle;

    @BeforeEach
    void declarePurpose() {
        bundle = new ConsentBundle(directory);
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of());
    }

    @AfterEach
    void close() throws Exception {
        bundle.close();
    }

    @Test
    void aSubjectOf256CharactersIsATypedRefusalNotAStoreFailure() {
        String subject = "s".repeat(256);

        assertThatThrownBy(() -> bundle.consent.record(change(subject)))
                .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("255 bytes")
                .hasMessageNotContaining(subject);
        assertThatThrownBy(() -> bundle.consent.status("acme", subject)).isInstanceOf(ConsentException.class);
        assertThatThrownBy(() -> bundle.consent.history("acme", subject)).isInstanceOf(ConsentException.class);
    }

    @Test
    void theLimitIsInUtf8BytesSo128TwoByteCharactersAreTooLong() {
        String subject = "é".repeat(128);

        assertThatThrownBy(() -> bundle.consent.record(change(subject)))
                .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    void aSubjectOfExactly255BytesIsRecorded() {
        String subject = "é".repeat(127) + "x";
        assertThat(Identifiers.utf8Length(subject)).isEqualTo(Identifiers.MAX_BYTES);

        assertThat(bundle.consent.record(change(subject)).created()).isTrue();
        assertThat(bundle.consent.current("acme", subject, "product-analytics")).isPresent();
    }

    /** Stored with a trailing space, a choice would be one an access request typed without it never finds. */
    @Test
    void aSubjectWithALooseEndIsRefusedAndNothingIsRecorded() {
        for (String subject : new String[] {"user-4711 ", "\u00a0user-4711", "user-4711\ufeff"}) {
            assertThatThrownBy(() -> bundle.consent.record(change(subject)))
                    .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                    .hasMessageContaining("at either end").hasMessageNotContaining("4711");
        }
        assertThat(bundle.consent.current("acme", "user-4711", "product-analytics")).isEmpty();
    }

    private static ConsentChange change(String subject) {
        return new ConsentChange("acme", subject, "product-analytics", ConsentState.GRANTED, 0, null, "api", "test");
    }
}
