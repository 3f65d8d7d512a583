package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipFile;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.Sink;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.DataSubjectRequests;
import org.homeport.consent.internal.subject.SinkSubjectDataAccess;
import org.homeport.consent.internal.subject.StoredForms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access and erasure requests cover every purpose that ever stored data, and receipts say what was not searched. */
class DataSubjectRequestServiceTest {
    @TempDir
    Path directory;

    private ConsentBundle bundle;
    private final InMemorySubjectSink files = new InMemorySubjectSink();
    private final SinkSubjectDataAccess sinks = new SinkSubjectDataAccess();
    private StoredForms storedForms;
    private DataSubjectRequestService requests;

    /** Our own stand-in for hmac: a prefix. */
    private static final Anonymizer TAG = parameters -> event -> event.withSubject(
            event.subject() == null ? null : "ps_" + event.subject());

    @BeforeEach
    void start() {
        bundle = new ConsentBundle(directory);
        storedForms = new StoredForms(bundle.catalog, bundle.policies);
        storedForms.bindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));
        sinks.bindSink(files, Map.of(Sink.NAME_PROPERTY, "file"));
        // acme is the tenant of a device key, as etc/org.homeport.apikey-*.cfg would say
        KnownTenants tenants = new KnownTenants(bundle.store(), () -> List.of("acme"), List.of());
        requests = new DataSubjectRequestService(bundle.store(), bundle.storeService.config(), sinks, bundle.audit,
                bundle.catalog, storedForms, tenants, directory.resolve("requests"));
    }

    @AfterEach
    void stop() throws Exception {
        bundle.close();
    }

    @Test
    void anExportFindsWhatARetiredPurposeStoredUnderItsPseudonym() throws Exception {
        bundle.declare(pseudonymized("old-survey"), Map.of());
        files.stored.add(event("e1", "old-survey", "ps_u1"));
        files.stored.add(event("e2", "old-survey", "ps_someone-else"));
        bundle.retire("old-survey");

        DataSubjectRequests.Export export = requests.export("acme", "u1", "officer", Set.of());

        JsonObject receipt = new JsonObject(export.receipt());
        assertThat(receipt.getLong("events")).isEqualTo(1);
        assertThat(receipt.getString("status")).isEqualTo("done");
        try (ZipFile zip = new ZipFile(export.zip().toFile())) {
            assertThat(new String(zip.getInputStream(zip.getEntry("events/file.jsonl")).readAllBytes()))
                    .contains("\"id\":\"e1\"").doesNotContain("\"id\":\"e2\"");
        }
    }

    @Test
    void anErasureRemovesARetiredPurposesEventsInEveryForm() {
        bundle.declare(pseudonymized("old-survey"), Map.of());
        files.stored.add(event("e1", "old-survey", "ps_u1"));
        files.stored.add(event("e2", "never-declared", "u1"));
        files.stored.add(event("e3", "old-survey", "ps_u2"));
        bundle.retire("old-survey");

        JsonObject receipt = new JsonObject(requests.erase("acme", "u1", "officer"));

        assertThat(receipt.getLong("events")).isEqualTo(2);
        assertThat(files.stored).extracting(TelemetryEvent::id).containsExactly("e3");
        assertThat(files.eraseCalls).as("all forms in one scan").hasSize(1);
    }

    @Test
    void aReceiptIsPartialWhenASinkCannotSearch() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        sinks.bindSink(batch -> CompletableFuture.completedFuture(null), Map.of(Sink.NAME_PROPERTY, "stream"));

        JsonObject receipt = new JsonObject(requests.erase("acme", "u1", "officer"));

        assertThat(receipt.getString("status")).isEqualTo("partial");
        assertThat(receipt.getBoolean("complete")).isFalse();
        assertThat(receipt.getJsonArray("notSearched").encode()).contains("stream");
    }

    @Test
    void aSinkOfAggregatesOnlyDoesNotMakeAReceiptPartial() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        sinks.bindSink(batch -> CompletableFuture.completedFuture(null),
                Map.of(Sink.NAME_PROPERTY, "aggregates", Sink.AGGREGATING_PROPERTY, true));

        JsonObject receipt = new JsonObject(requests.erase("acme", "u1", "officer"));

        assertThat(receipt.getString("status")).isEqualTo("done");
        assertThat(receipt.getJsonArray("sinks").encode()).contains("aggregates-only");
    }

    @Test
    void aReceiptIsPartialWhenAnAnonymizerThatStoredFormsIsMissing() {
        bundle.declare(pseudonymized("old-survey"), Map.of());
        bundle.retire("old-survey");
        storedForms.unbindAnonymizer(TAG, Map.of(Anonymizer.NAME_PROPERTY, "tag"));

        JsonObject receipt = new JsonObject(requests.export("acme", "u1", "officer", Set.of()).receipt());

        assertThat(receipt.getString("status")).isEqualTo("partial");
        assertThat(receipt.getJsonArray("notSearched").encode()).contains("old-survey").contains("tag");
    }

    // --- a typo never gets a "nothing held" receipt ----------------------------------------

    @Test
    void aTenantThatDiffersOnlyInCaseIsRefusedNotAnsweredWithNothingHeld() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        files.stored.add(event("e1", "analytics", "u1"));

        for (Runnable request : List.<Runnable>of(
                () -> requests.export("Acme", "u1", "officer", List.of()),
                () -> requests.erase("Acme", "u1", "officer", List.of()))) {
            assertThatThrownBy(request::run)
                    .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TENANT))
                    .hasMessageContaining("did you mean 'acme'?");
        }
        assertThat(files.stored).as("nothing erased").hasSize(1);
        assertThat(bundle.audit.entries(0, 100)).noneMatch(entry -> entry.action().startsWith("dsr."));
    }

    @Test
    void aSubjectWithWhitespaceOrAnInvisibleCharacterAtAnEndIsRefusedWithAReason() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        files.stored.add(event("e1", "analytics", "u1"));

        for (String subject : List.of("u1 ", " u1", "u1\t", "u1\u00a0", "\u200bu1", "\ufeffu1", "u1\n")) {
            assertThatThrownBy(() -> requests.export("acme", subject, "officer", List.of()))
                    .as("[%s]", subject)
                    .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
            assertThatThrownBy(() -> requests.erase("acme", subject, "officer", List.of()))
                    .isInstanceOf(ConsentException.class);
        }
        assertThat(files.stored).hasSize(1);
    }

    @Test
    void aSubjectNeverSeenGetsAReceiptThatSaysNoDataIsHeld() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        files.stored.add(event("e1", "analytics", "someone-else"));

        JsonObject access = new JsonObject(requests.export("acme", "never-seen", "officer", List.of()).receipt());
        JsonObject erasure = new JsonObject(requests.erase("acme", "never-seen", "officer", List.of()));

        for (JsonObject receipt : List.of(access, erasure)) {
            assertThat(receipt.getString("finding")).isEqualTo("no-data-held");
            assertThat(receipt.getString("summary")).startsWith("No data held for this identifier");
            assertThat(receipt.getBoolean("complete")).isTrue();
            assertThat(receipt.getInteger("consentRecords")).isZero();
        }
        assertThat(files.stored).hasSize(1);
    }

    @Test
    void aSubjectFoundSaysDataIsHeldAndWhatWasExported() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        files.stored.add(event("e1", "analytics", "u1"));
        bundle.consent.record(new org.homeport.consent.api.ConsentChange("acme", "u1", "analytics",
                org.homeport.api.consent.ConsentState.GRANTED, 0, null, "api", "app"));

        JsonObject receipt = new JsonObject(requests.export("acme", "u1", "officer", List.of()).receipt());

        assertThat(receipt.getString("finding")).isEqualTo("data-held");
        assertThat(receipt.getString("summary"))
                .isEqualTo("Data is held for this identifier: 1 event and 1 consent record, all of it in this export.");
    }

    @Test
    void nothingFoundWhereASinkCouldNotSearchIsUndeterminedNotNoDataHeld() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        sinks.bindSink(batch -> CompletableFuture.completedFuture(null), Map.of(Sink.NAME_PROPERTY, "stream"));

        JsonObject receipt = new JsonObject(requests.export("acme", "u1", "officer", List.of()).receipt());

        assertThat(receipt.getString("finding")).isEqualTo("undetermined");
        assertThat(receipt.getString("summary")).contains("does not show that no data is held");
    }

    // --- withheld purposes ------------------------------------------------------------------

    @Test
    void anExportThatWithholdsEventsIsNotCompleteAndSaysWhatAndWhy() throws Exception {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("device-recovery"), Map.of());
        files.stored.add(event("e1", "analytics", "u1"));
        files.stored.add(event("loc", "device-recovery", "u1"));

        DataSubjectRequests.Export export = requests.export("acme", "u1", "officer", List.of(LOCATION));

        JsonObject receipt = new JsonObject(export.receipt());
        assertThat(receipt.getLong("events")).as("what the export shows").isEqualTo(1);
        assertThat(receipt.getBoolean("complete")).isFalse();
        assertThat(receipt.getString("status")).isEqualTo("partial");
        assertThat(receipt.getJsonArray("withheld").getJsonObject(0)).isEqualTo(new JsonObject()
                .put("purpose", "device-recovery").put("reason", "device-location data")
                .put("requiredRole", "device-recovery-officer").put("events", 1));
        assertThat(receipt.getJsonArray("notSearched")).isEmpty();
        assertThat(receipt.getString("finding")).isEqualTo("data-held");
        assertThat(receipt.getString("summary")).isEqualTo("Data is held for this identifier: 1 event and 0 consent"
                + " records in this export. Withheld from you: 1 more event, 1 of purpose 'device-recovery'"
                + " (device-location data; needs the role device-recovery-officer); an erasure request erases them too.");
        try (ZipFile zip = new ZipFile(export.zip().toFile())) {
            assertThat(new String(zip.getInputStream(zip.getEntry("events/file.jsonl")).readAllBytes()))
                    .contains("\"id\":\"e1\"").doesNotContain("\"id\":\"loc\"");
            assertThat(zip.stream().map(java.util.zip.ZipEntry::getName))
                    .containsExactlyInAnyOrder("consent-history.json", "events/file.jsonl", "receipt.json");
        }
        try (var left = java.nio.file.Files.list(directory.resolve("requests"))) {
            assertThat(left).as("only the zip, no working files of the count").containsExactly(export.zip());
        }
    }

    @Test
    void anExportIsCompleteWhenTheWithheldPurposesHoldNothingOfTheSubject() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("device-recovery"), Map.of());
        files.stored.add(event("e1", "analytics", "u1"));
        files.stored.add(event("loc", "device-recovery", "someone-else"));

        JsonObject receipt = new JsonObject(requests.export("acme", "u1", "officer", List.of(LOCATION)).receipt());
        JsonObject nobody = new JsonObject(requests.export("acme", "never-seen", "officer", List.of(LOCATION)).receipt());

        assertThat(receipt.getBoolean("complete")).isTrue();
        assertThat(receipt.getJsonArray("withheld").getJsonObject(0).getLong("events")).isZero();
        assertThat(nobody.getString("finding")).isEqualTo("no-data-held");
    }

    @Test
    void anExportThatWithholdsNothingAndSearchedEverythingIsComplete() {
        bundle.declare(ConsentBundle.consentPurpose("device-recovery"), Map.of());
        files.stored.add(event("loc", "device-recovery", "u1"));

        JsonObject receipt = new JsonObject(requests.export("acme", "u1", "officer", List.of()).receipt());

        assertThat(receipt.getBoolean("complete")).isTrue();
        assertThat(receipt.getLong("events")).isEqualTo(1);
        assertThat(receipt.getJsonArray("withheld")).isEmpty();
    }

    @Test
    void anErasureSaysHowManyOfTheEventsItRemovedTheCallersExportDidNotShow() {
        bundle.declare(ConsentBundle.consentPurpose("analytics"), Map.of());
        bundle.declare(ConsentBundle.consentPurpose("device-recovery"), Map.of());
        files.stored.add(event("e1", "analytics", "u1"));
        files.stored.add(event("loc1", "device-recovery", "u1"));
        files.stored.add(event("loc2", "device-recovery", "u1"));
        files.stored.add(event("other", "device-recovery", "u2"));

        JsonObject receipt = new JsonObject(requests.erase("acme", "u1", "officer", List.of(LOCATION)));

        assertThat(receipt.getLong("events")).isEqualTo(3);
        assertThat(receipt.getJsonArray("sinks").getJsonObject(0).getLong("events")).isEqualTo(3);
        assertThat(receipt.getJsonArray("notShownToCaller").getJsonObject(0)).isEqualTo(new JsonObject()
                .put("purpose", "device-recovery").put("reason", "device-location data")
                .put("requiredRole", "device-recovery-officer").put("events", 2));
        assertThat(receipt.getBoolean("complete")).as("the withheld purposes were erased too").isTrue();
        assertThat(receipt.getString("summary")).isEqualTo("Erased 3 events held for this identifier, 2 of them of "
                + "purposes an access request by you does not show: 2 of purpose 'device-recovery' (device-location data;"
                + " needs the role device-recovery-officer).");
        assertThat(files.stored).extracting(TelemetryEvent::id).containsExactly("other");
    }

    private static final DataSubjectRequests.Withheld LOCATION = new DataSubjectRequests.Withheld("device-recovery",
            "device-location data", "device-recovery-officer");

    private static Purpose pseudonymized(String id) {
        Purpose base = ConsentBundle.consentPurpose(id);
        return new Purpose(id, base.description(), base.legalBasis(), base.consentDefault(), false, base.retention(),
                List.of(new AnonymizerRef("tag", Map.of())), 1);
    }

    private static TelemetryEvent event(String id, String purpose, String subject) {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return new TelemetryEvent(id, "acme", new Source("meet", "1", "d1"), subject, purpose, "app.error", now, now,
                Map.of());
    }
}
