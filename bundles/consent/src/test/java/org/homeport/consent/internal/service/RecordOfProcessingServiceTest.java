package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.FieldSpec.Kind;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.api.ProcessingRecord;
import org.homeport.consent.api.ProcessingRecord.Activity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of processing as the declared purposes and their recorded policies make it. */
class RecordOfProcessingServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path directory;
    private ConsentBundle bundle;
    private RecordOfProcessingService service;

    @BeforeEach
    void open() {
        bundle = new ConsentBundle(directory);
        service = new RecordOfProcessingService(bundle.storeService.config(), bundle.policies, bundle.catalog,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        bundle.close();
    }

    @Test
    void namesTheControllerAndEveryDeclaredPurposeById() {
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of());
        bundle.declare(ConsentBundle.purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT),
                Map.of());

        ProcessingRecord record = service.current();

        assertThat(record.generatedAt()).isEqualTo(NOW);
        assertThat(record.controllerName()).isEqualTo(ConsentBundle.CONTROLLER);
        assertThat(record.controllerContact()).isEqualTo(ConsentBundle.CONTACT);
        assertThat(record.activities()).extracting(Activity::purpose).containsExactly("crash-reports", "product-analytics");
    }

    @Test
    void anActivityTakesItsCategoriesAndRecipientsFromThePolicyAndItsVersionFromTheHistory() {
        Purpose analytics = new Purpose("product-analytics", "Which features you use", LegalBasis.CONSENT,
                ConsentDefault.OPT_IN, false, Duration.ofDays(395),
                List.of(new AnonymizerRef("hmac", Map.of("key", "s3cr3t", "fields", "subject")),
                        new AnonymizerRef("ip-truncate", Map.of())), 2);
        bundle.catalog.eventType("app.usage", "product-analytics", new FieldSpec("feature", Kind.STRING, true));
        bundle.declare(analytics, Map.of("data.categories", "usage of features, client version",
                "sinks.allowed", "file, warehouse"));
        PolicyVersion version = bundle.policies.latest("product-analytics").orElseThrow();

        Activity activity = service.current().activities().get(0);

        assertThat(activity).isEqualTo(new Activity("product-analytics", "Which features you use", LegalBasis.CONSENT,
                List.of("usage of features", "client version"), List.of("app.usage"), ProcessingRecord.DATA_SUBJECTS,
                List.of("file", "warehouse"), Duration.ofDays(395), false, List.of("hmac", "ip-truncate"),
                1, version.createdAt()));
        assertThat(activity.recipients()).isEqualTo("file, warehouse");
        assertThat(activity.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void withoutDeclaredCategoriesTheEventTypesFieldsSayWhatIsProcessedAndEverySinkMayReceiveIt() {
        bundle.catalog.eventType("app.error", "crash-reports", new FieldSpec("message", Kind.STRING, true),
                new FieldSpec("stack", Kind.STRING, false));
        bundle.catalog.eventType("app.crash", "crash-reports", new FieldSpec("message", Kind.STRING, true),
                new FieldSpec("core", Kind.OBJECT, false));
        bundle.catalog.eventType("meter.pages", "usage-metering", new FieldSpec("pages", Kind.NUMBER, true));
        bundle.declare(ConsentBundle.purpose("crash-reports", LegalBasis.LEGITIMATE_INTEREST, ConsentDefault.OPT_OUT),
                Map.of());

        Activity activity = service.current().activities().get(0);

        assertThat(activity.dataCategories()).containsExactly("core", "message", "stack");
        assertThat(activity.eventTypes()).containsExactly("app.crash", "app.error");
        assertThat(activity.allowedSinks()).isEmpty();
        assertThat(activity.recipients()).isEqualTo(ProcessingRecord.EVERY_SINK);
    }

    @Test
    void aChangedPolicyIsRecordedAsTheNextVersionAndARetiredPurposeIsNoLongerListed() {
        bundle.declare(ConsentBundle.consentPurpose("marketing"), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of("sinks.allowed", "file"));
        bundle.retire("marketing");

        List<Activity> activities = service.current().activities();

        assertThat(activities).extracting(Activity::purpose).containsExactly("product-analytics");
        assertThat(activities.get(0).policyVersion()).isEqualTo(2);
    }
}
