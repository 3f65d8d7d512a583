package org.homeport.sink.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IndexNamesTest {
    private final IndexNames names = new IndexNames("homeport-{tenant}-{purpose}-{yyyy.MM.dd}");

    @Test
    void namesAnIndexPerTenantPurposeAndDay() {
        assertThat(names.index("acme", "crash-reports", LocalDate.of(2026, 1, 2)))
                .isEqualTo("homeport-acme-crash-reports-2026.01.02");
    }

    @Test
    void refusesIdsThatCannotBeIndexNames() {
        assertThat(IndexNames.isSafeId("acme")).isTrue();
        assertThat(IndexNames.isSafeId("Acme")).isFalse();
        assertThat(IndexNames.isSafeId("a*")).isFalse();
        assertThat(IndexNames.isSafeId("a,b")).isFalse();
        assertThat(IndexNames.isSafeId("-a")).isFalse();
        assertThat(IndexNames.isSafeId("..")).isFalse();
        assertThat(IndexNames.isSafeId("a".repeat(65))).isFalse();
        assertThatThrownBy(() -> names.index("ACME", "p", LocalDate.of(2026, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wildcardsCoverEveryDayAndTemplateEveryIndex() {
        assertThat(names.wildcard("acme", null)).isEqualTo("homeport-acme-*-*");
        assertThat(names.wildcard(null, "crash-reports")).isEqualTo("homeport-*-crash-reports-*");
        assertThat(names.templatePattern()).isEqualTo("homeport-*-*-*");
    }

    @Test
    void readsTheDayBackOnlyFromNamesThePatternWrites() {
        assertThat(names.day("homeport-acme-crash-reports-2026.01.02", null, "crash-reports"))
                .contains(LocalDate.of(2026, 1, 2));
        assertThat(names.day("homeport-acme-crash-reports-2026.01.02", "acme", "crash-reports"))
                .contains(LocalDate.of(2026, 1, 2));
        assertThat(names.day("homeport-acme-crash-reports-2026.01.02", "other", "crash-reports")).isEmpty();
        assertThat(names.day("homeport-acme-crash-reports-2026.1.2", null, "crash-reports")).isEmpty();
        assertThat(names.day("homeport-acme-crash-reports-2026.01.02", null, "reports"))
                .as("fits as tenant acme-crash, purpose reports: the sink checks the contents before deleting")
                .contains(LocalDate.of(2026, 1, 2));
        assertThat(names.day("homeport-acme-crash-reports-backup", null, "crash-reports")).isEmpty();
        assertThat(names.day("other-acme-crash-reports-2026.01.02", null, "crash-reports")).isEmpty();
    }

    @Test
    void otherPatternsWork() {
        IndexNames compact = new IndexNames("events_{purpose}_{tenant}_{yyyyMMdd}");
        String index = compact.index("acme", "usage", LocalDate.of(2026, 12, 31));
        assertThat(index).isEqualTo("events_usage_acme_20261231");
        assertThat(compact.day(index, null, "usage")).contains(LocalDate.of(2026, 12, 31));
    }

    @Test
    void refusesPatternsThatCannotSeparateTenantsPurposesAndDays() {
        assertThatThrownBy(() -> new IndexNames("homeport-{purpose}-{yyyy.MM.dd}")).hasMessageContaining("{tenant}");
        assertThatThrownBy(() -> new IndexNames("homeport-{tenant}-{purpose}")).hasMessageContaining("date");
        assertThatThrownBy(() -> new IndexNames("homeport-{tenant}{purpose}-{yyyy.MM.dd}")).hasMessageContaining("between");
        assertThatThrownBy(() -> new IndexNames("Homeport-{tenant}-{purpose}-{yyyy.MM.dd}")).hasMessageContaining("a-z");
        assertThatThrownBy(() -> new IndexNames("homeport-{tenant}-{purpose}-{yyyy.MM}")).hasMessageContaining("day");
        assertThatThrownBy(() -> new IndexNames("homeport-{tenant}-{purpose}-{MMM dd}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexNames("{tenant}-{purpose}-{yyyy.MM.dd}")).hasMessageContaining("start");
    }
}
