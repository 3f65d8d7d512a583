package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.consent.LegalBasis;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.ConsentChange;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.ImportFormat;
import org.homeport.consent.api.ImportReport;
import org.homeport.consent.api.ImportReport.LineError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk import of consent recorded elsewhere, on a real H2 store. */
class ConsentImportTest {
    @TempDir
    Path directory;
    private ConsentBundle bundle;

    /** When the purposes' first policy versions were recorded: before the choices the tests import. */
    private static final Instant DECLARED = Instant.parse("2025-01-01T00:00:00Z");

    @BeforeEach
    void declarePurposes() {
        bundle = new ConsentBundle(directory);
        bundle.clock.set(DECLARED);
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of());
        bundle.declare(ConsentBundle.purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT),
                Map.of());
        bundle.declare(ConsentBundle.purpose("usage-metering", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("marketing"), Map.of());
        bundle.clock.set(null);
    }

    @AfterEach
    void close() throws Exception {
        bundle.close();
    }

    @Test
    void goodLinesAreRecordedAsImportsAndBadOnesAreNamedByLineNumber() {
        ImportReport report = importJson("""
                {"subject":"u1","purpose":"product-analytics","state":"granted","recordedAt":"2025-05-01T10:00:00Z","requestId":"legacy-1","policyVersion":1}
                {"subject":"u2","purpose":"crash-reports","state":"withdrawn"}

                {"subject":"u3","purpose":"x","state":"granted"}
                {"subject":"u4","purpose":"usage-metering","state":"denied"}
                {"subject":"u5","purpose":"product-analytics","state":"maybe"}
                {"subject":"u6","purpose":"product-analytics"
                {"subject":"u7","purpose":"product-analytics","state":"granted","requestId":"no spaces"}
                {"subject":"","purpose":"product-analytics","state":"granted"}
                {"subject":"u9","purpose":"product-analytics","state":"granted","recordedAt":"2999-01-01T00:00:00Z"}
                {"subject":"u10","purpose":"product-analytics","state":"granted","policyVersion":7}
                {"subject":"u11","purpose":"product-analytics","state":"granted","email":"u11@example.org"}
                """);

        assertThat(report.lines()).isEqualTo(11);
        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.alreadyPresent()).isZero();
        assertThat(report.rejected()).isEqualTo(9);
        assertThat(report.errors()).extracting(LineError::line).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(report.errors().get(0).reason()).isEqualTo("no purpose 'x' is declared");
        assertThat(report.errors().get(1).reason()).contains("contract");
        assertThat(report.errors().get(2).reason()).contains("granted, denied or withdrawn");
        assertThat(report.errors().get(3).reason()).isEqualTo("not a JSON object");
        assertThat(report.errors().get(4).reason()).contains("request id");
        assertThat(report.errors().get(5).reason()).contains("'subject' is required");
        assertThat(report.errors().get(6).reason()).contains("'recordedAt'");
        assertThat(report.errors().get(7).reason()).contains("policy versions 1 to 1");
        assertThat(report.errors().get(8).reason()).contains("unknown field 'email'");
        assertThat(report.errors()).extracting(LineError::reason).noneMatch(reason -> reason.contains("u1"));

        ConsentRecord first = bundle.consent.current("acme", "u1", "product-analytics").orElseThrow();
        assertThat(first.state()).isEqualTo(ConsentState.GRANTED);
        assertThat(first.recordedAt()).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThat(first.requestId()).isEqualTo("legacy-1");
        assertThat(first.channel()).isEqualTo("import");
        assertThat(first.actor()).isEqualTo("carla");
        assertThat(bundle.consent.current("acme", "u2", "crash-reports").orElseThrow().state())
                .isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    void importingTheSameChoicesAgainChangesNothingInEitherFormat() {
        String lines = """
                {"subject":"u1","purpose":"product-analytics","state":"granted","recordedAt":"2025-05-01T10:00:00Z"}
                {"subject":"u2","purpose":"product-analytics","state":"denied"}
                """;
        assertThat(importJson(lines).imported()).isEqualTo(2);
        long lastSeq = bundle.store().lastConsentSeq();

        ImportReport again = importJson(lines);
        ImportReport asCsv = importCsv("""
                subject,purpose,state,recordedAt
                u1,product-analytics,granted,2025-05-01T12:00:00+02:00
                u2,product-analytics,denied,
                """);

        assertThat(again).isEqualTo(new ImportReport(2, 0, 2, 0, List.of()));
        assertThat(asCsv).isEqualTo(new ImportReport(2, 0, 2, 0, List.of()));
        assertThat(bundle.store().lastConsentSeq()).isEqualTo(lastSeq);
    }

    @Test
    void aRepeatedLineIsAChoiceOfItsOwn() {
        ImportReport report = importCsv("""
                subject,purpose,state
                u1,marketing,granted
                u1,marketing,withdrawn
                u1,marketing,granted
                """);

        assertThat(report.imported()).isEqualTo(3);
        assertThat(bundle.consent.history("acme", "u1")).extracting(ConsentRecord::state)
                .containsExactly(ConsentState.GRANTED, ConsentState.WITHDRAWN, ConsentState.GRANTED);
        assertThat(bundle.consent.current("acme", "u1", "marketing").orElseThrow().state())
                .isEqualTo(ConsentState.GRANTED);
    }

    @Test
    void anOldChoiceJoinsTheHistoryWithoutReplacingTheSubjectsNewerChoice() {
        bundle.consent.record(new ConsentChange("acme", "u1", "product-analytics", ConsentState.WITHDRAWN, 0, "app-1",
                "api", "app-key"));

        ImportReport report = importJson("""
                {"subject":"u1","purpose":"product-analytics","state":"granted","recordedAt":"2025-05-01T10:00:00Z"}
                """);

        assertThat(report.imported()).isEqualTo(1);
        assertThat(bundle.consent.current("acme", "u1", "product-analytics").orElseThrow().requestId()).isEqualTo("app-1");
        assertThat(bundle.consent.history("acme", "u1")).hasSize(2);
    }

    @Test
    void theGateSeesImportedChoicesAtOnce() {
        assertThat(bundle.records.currentState("acme", "u1", "product-analytics")).isEmpty();

        importJson("""
                {"subject":"u1","purpose":"product-analytics","state":"granted"}
                """);

        assertThat(bundle.records.currentState("acme", "u1", "product-analytics")).contains(ConsentState.GRANTED);
    }

    @Test
    void oneAuditEntryHoldsTheCountsAndNoSubject() {
        long before = bundle.audit.entries(0, 10_000).size();

        importJson("""
                {"subject":"subject-4711","purpose":"product-analytics","state":"granted","requestId":"legacy-1"}
                {"subject":"subject-4712","purpose":"x","state":"granted"}
                """);

        List<AuditEntry> added = bundle.audit.entries(0, 10_000).stream().skip(before).toList();
        assertThat(added).hasSize(1);
        AuditEntry entry = added.get(0);
        assertThat(entry.action()).isEqualTo("consent.import");
        assertThat(entry.actor()).isEqualTo("carla");
        assertThat(entry.target()).isEqualTo("acme");
        assertThat(new JsonObject(entry.detail())).isEqualTo(new JsonObject().put("lines", 2).put("imported", 1)
                .put("alreadyPresent", 0).put("rejected", 1).put("format", "json-lines"));
        assertThat(entry.detail()).doesNotContain("subject-47");
        assertThat(bundle.audit.verify().intact()).isTrue();
    }

    @Test
    void aRequestIdUsedBeforeForAnotherChangeRejectsThatLineOnly() {
        bundle.consent.record(new ConsentChange("acme", "u1", "marketing", ConsentState.GRANTED, 0, "taken", "api",
                "app-key"));
        StringBuilder lines = new StringBuilder("subject,purpose,state,requestId\n");
        for (int i = 0; i < 2500; i++) {
            lines.append("s").append(i).append(",marketing,granted,")
                    .append(i == 1700 ? "taken" : "bulk-" + i).append('\n');
        }

        ImportReport report = importCsv(lines.toString());

        assertThat(report.imported()).isEqualTo(2499);
        assertThat(report.errors()).containsExactly(new LineError(1702,
                "request id 'taken' was used before for a different change"));
        assertThat(bundle.consent.current("acme", "s1699", "marketing")).isPresent();
        assertThat(bundle.consent.current("acme", "s2499", "marketing")).isPresent();
        assertThat(bundle.consent.current("acme", "s1700", "marketing")).isEmpty();
    }

    @Test
    void theReportNamesTheFirstHundredRejectedLines() {
        ImportReport report = importCsv("subject,purpose,state\n" + "u1,x,granted\n".repeat(150));

        assertThat(report.rejected()).isEqualTo(150);
        assertThat(report.errors()).hasSize(100);
        assertThat(report.errors().get(99).line()).isEqualTo(101);
    }

    @Test
    void aCsvWithoutItsColumnsOrWithUnknownOnesIsMalformed() {
        for (String csv : List.of("", "subject,purpose\nu1,marketing\n", "subject,purpose,state,email\n",
                "subject,purpose,state,State\n")) {
            assertThatThrownBy(() -> importCsv(csv)).as(csv).isInstanceOfSatisfying(ConsentException.class,
                    e -> assertThat(e.reason()).isEqualTo(ConsentException.Reason.MALFORMED));
        }
    }

    @Test
    void aMalformedTenantIsInvalidAndNothingIsRead() {
        assertThatThrownBy(() -> bundle.consent.importRecords("../acme", new StringReader("x"), ImportFormat.CSV, "carla"))
                .isInstanceOfSatisfying(ConsentException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConsentException.Reason.INVALID));
    }

    @Test
    void aRetiredPurposeTakesNoImports() {
        bundle.consent.record(new ConsentChange("acme", "u0", "marketing", ConsentState.GRANTED, 0, "r0", "api", "k"));
        bundle.retire("marketing");

        ImportReport report = importCsv("subject,purpose,state\nu1,marketing,granted\n");

        assertThat(report.errors()).containsExactly(new LineError(2,
                "purpose 'marketing' is retired; no consent can be recorded for it"));
    }

    @Test
    void anImportedChoiceIsStampedWithThePolicyVersionInForceWhenItWasMade() {
        bundle.clock.set(Instant.parse("2025-06-01T00:00:00Z"));
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of("data.categories", "usage"));
        bundle.clock.set(null);
        assertThat(bundle.policies.latest("product-analytics").orElseThrow().version()).isEqualTo(2);

        ImportReport report = importCsv("""
                subject,purpose,state,recordedAt
                u1,product-analytics,granted,2025-05-01T10:00:00Z
                u2,product-analytics,granted,2025-07-01T10:00:00Z
                u3,product-analytics,granted,2024-12-31T23:59:59Z
                u4,product-analytics,granted,
                """);

        assertThat(report.imported()).isEqualTo(3);
        assertThat(bundle.consent.current("acme", "u1", "product-analytics").orElseThrow().policyVersion()).isEqualTo(1);
        assertThat(bundle.consent.current("acme", "u2", "product-analytics").orElseThrow().policyVersion()).isEqualTo(2);
        assertThat(bundle.consent.current("acme", "u4", "product-analytics").orElseThrow().policyVersion()).isEqualTo(2);
        assertThat(report.errors()).containsExactly(new LineError(4, "purpose 'product-analytics' had no policy version in "
                + "force at 2024-12-31T23:59:59Z (its first version dates from 2025-01-01T00:00:00Z)"));
    }

    @Test
    void anImportedLineCannotNameAVersionThatCameAfterItsChoice() {
        bundle.clock.set(Instant.parse("2025-06-01T00:00:00Z"));
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of("data.categories", "usage"));
        bundle.clock.set(null);

        ImportReport report = importJson("""
                {"subject":"u1","purpose":"product-analytics","state":"granted","recordedAt":"2025-05-01T10:00:00Z","policyVersion":2}
                """);

        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.errors().get(0).reason()).contains("was at policy version 1").contains("version 2 came later");
    }

    private ImportReport importJson(String lines) {
        return bundle.consent.importRecords("acme", new StringReader(lines), ImportFormat.JSON_LINES, "carla");
    }

    private ImportReport importCsv(String lines) {
        return bundle.consent.importRecords("acme", new StringReader(lines), ImportFormat.CSV, "carla");
    }
}
