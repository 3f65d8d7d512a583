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
import java.util.Optional;
import org.homeport.api.retention.Held;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.RetentionFacts;
import org.homeport.api.retention.SinkRetention;
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
                List.of("usage of features", "client version", "pseudonymous subject id (HMAC)"), List.of("app.usage"),
                ProcessingRecord.DATA_SUBJECTS,
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
    void aChangedPolicyIsRecordedAsTheNextVersion() {
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of("sinks.allowed", "file"));

        List<Activity> activities = service.current().activities();

        assertThat(activities).extracting(Activity::purpose).containsExactly("product-analytics");
        assertThat(activities.get(0).policyVersion()).isEqualTo(2);
        assertThat(activities.get(0).retired()).isFalse();
    }

    @Test
    void aRetiredPurposeWhoseDataMayStillBeHeldIsListedAsRetiredWithItsLastVersion() {
        bundle.declare(ConsentBundle.consentPurpose("marketing"), Map.of("sinks.allowed", "file"));
        bundle.declare(ConsentBundle.consentPurpose("product-analytics"), Map.of());
        bundle.retire("marketing");
        PolicyVersion last = bundle.policies.latest("marketing").orElseThrow();

        List<Activity> activities = service.current().activities();

        assertThat(activities).extracting(Activity::purpose).containsExactly("marketing", "product-analytics");
        Activity marketing = activities.get(0);
        assertThat(marketing.retired()).isTrue();
        assertThat(marketing.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(marketing.allowedSinks()).containsExactly("file");
        assertThat(marketing.policyVersion()).isEqualTo(last.version());
        assertThat(activities.get(1).retired()).isFalse();
    }

    @Test
    void aRetiredPurposeLeavesTheRecordOnceRetentionFoundNoSinkHoldingItsData() {
        bundle.declare(ConsentBundle.consentPurpose("marketing"), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("old-survey"), Map.of());
        bundle.retire("marketing");
        bundle.retire("old-survey");
        Map<String, PurposeRetention> facts = Map.of(
                "marketing", retention("marketing", new SinkRetention("file", 2, "files", 7, 70, Held.NONE, null, null)),
                "old-survey", retention("old-survey", new SinkRetention("file", 1, "files", 3, 30, Held.SOME,
                        Instant.parse("2026-11-01T00:00:00Z"), null)));
        service.bindRetention(new RetentionFacts() {
            @Override
            public List<PurposeRetention> purposes() {
                return List.copyOf(facts.values());
            }

            @Override
            public Optional<PurposeRetention> purpose(String id) {
                return Optional.ofNullable(facts.get(id));
            }
        });

        assertThat(service.current().activities()).extracting(Activity::purpose).containsExactly("old-survey");
    }

    @Test
    void theHmacPseudonymsTheStoredDataHoldsAreADataCategory() {
        Purpose crash = new Purpose("crash-reports", "Why the app crashed", LegalBasis.LEGITIMATE_INTEREST,
                ConsentDefault.OPT_OUT, false, Duration.ofDays(30),
                List.of(new AnonymizerRef("hmac", Map.of("fields", "subject, source.device, attributes.email"))), 1);
        bundle.catalog.eventType("app.error", "crash-reports", new FieldSpec("message", Kind.STRING, true));
        bundle.declare(crash, Map.of());
        Purpose anonymous = new Purpose("usage-metering", "Pages printed", LegalBasis.CONTRACT, ConsentDefault.OPT_OUT,
                true, Duration.ofDays(30), List.of(new AnonymizerRef("hmac", Map.of("fields", "subject"))), 1);
        bundle.declare(anonymous, Map.of("data.categories", "pages printed"));

        List<Activity> activities = service.current().activities();

        assertThat(activities.get(0).dataCategories()).containsExactly("message", "pseudonymous subject id (HMAC)",
                "pseudonymous device id (HMAC)", "pseudonymous attributes.email (HMAC)");
        // anonymous: the subject is stripped before anything is stored, so no pseudonym of it is kept
        assertThat(activities.get(1).dataCategories()).containsExactly("pages printed");
    }

    private static PurposeRetention retention(String purpose, SinkRetention sink) {
        return new PurposeRetention(purpose, Duration.ofDays(30), true, NOW, NOW.minus(Duration.ofDays(30)),
                List.of(sink), NOW, List.of(sink));
    }
}
