package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homeport.api.consent.ConsentState.DENIED;
import static org.homeport.api.consent.ConsentState.GRANTED;
import static org.homeport.api.consent.ConsentState.WITHDRAWN;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.ConsentStatistics;
import org.homeport.consent.api.ConsentStatistics.Counts;
import org.homeport.consent.api.ConsentStatistics.Day;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consent statistics per purpose on a real H2 store. */
class ConsentStatisticsTest {
    private static final LocalDate NOV_1 = LocalDate.parse("2026-11-01");

    @TempDir
    Path directory;
    private ConsentBundle bundle;

    @BeforeEach
    void declarePurposes() {
        bundle = new ConsentBundle(directory);
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("marketing"), Map.of());
    }

    @AfterEach
    void close() throws Exception {
        bundle.close();
    }

    @Test
    void countsEveryUtcDayOfTheRangeAndWhereSubjectsStandNow() {
        bundle.store().appendConsents(List.of(
                record("u1", "product-analytics", GRANTED, "2026-10-31T23:59:59Z"),
                record("u1", "product-analytics", WITHDRAWN, "2026-11-01T00:00:00Z"),
                record("u2", "product-analytics", GRANTED, "2026-11-01T13:00:00Z"),
                record("u3", "product-analytics", GRANTED, "2026-11-01T23:59:59Z"),
                record("u4", "product-analytics", DENIED, "2026-11-03T08:00:00Z"),
                record("u5", "product-analytics", GRANTED, "2026-11-04T00:00:00Z"),
                record("u6", "marketing", GRANTED, "2026-11-02T10:00:00Z")));

        ConsentStatistics statistics = bundle.consent.statistics("product-analytics", NOV_1, NOV_1.plusDays(3));

        assertThat(statistics.days()).containsExactly(
                new Day(NOV_1, new Counts(2, 0, 1)),
                new Day(NOV_1.plusDays(1), new Counts(0, 0, 0)),
                new Day(NOV_1.plusDays(2), new Counts(0, 1, 0)));
        assertThat(statistics.current()).as("u1 withdrew; u2, u3 and u5 granted; u4 denied")
                .isEqualTo(new Counts(3, 1, 1));
        assertThat(statistics.purpose()).isEqualTo("product-analytics");
        assertThat(statistics.from()).isEqualTo(NOV_1);
        assertThat(statistics.to()).isEqualTo(NOV_1.plusDays(3));
    }

    @Test
    void aPurposeWithoutRecordsHasZeroEveryDay() {
        ConsentStatistics statistics = bundle.consent.statistics("marketing", NOV_1, NOV_1.plusDays(2));

        assertThat(statistics.days()).extracting(Day::counts).containsOnly(new Counts(0, 0, 0)).hasSize(2);
        assertThat(statistics.current()).isEqualTo(new Counts(0, 0, 0));
    }

    @Test
    void aRangeIsOneTo366Days() {
        assertThat(bundle.consent.statistics("marketing", NOV_1, NOV_1.plusDays(366)).days()).hasSize(366);
        assertThatThrownBy(() -> bundle.consent.statistics("marketing", NOV_1, NOV_1.plusDays(367)))
                .isInstanceOfSatisfying(ConsentException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConsentException.Reason.INVALID));
        assertThatThrownBy(() -> bundle.consent.statistics("marketing", NOV_1, NOV_1))
                .isInstanceOfSatisfying(ConsentException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConsentException.Reason.INVALID));
    }

    @Test
    void anUndeclaredPurposeIsUnknownButARetiredOneStillCounts() {
        assertThatThrownBy(() -> bundle.consent.statistics("nothing-like-it", NOV_1, NOV_1.plusDays(1)))
                .isInstanceOfSatisfying(ConsentException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConsentException.Reason.UNKNOWN_PURPOSE));

        bundle.store().appendConsents(List.of(record("u1", "marketing", GRANTED, "2026-11-01T10:00:00Z")));
        bundle.retire("marketing");

        assertThat(bundle.consent.statistics("marketing", NOV_1, NOV_1.plusDays(1)).current())
                .isEqualTo(new Counts(1, 0, 0));
    }

    private static ConsentRecord record(String subject, String purpose, ConsentState state, String at) {
        return new ConsentRecord(0, "acme", subject, purpose, state, 1, Instant.parse(at), "api",
                subject + "-" + purpose + "-" + at.replace(":", ""), "app-key");
    }
}
