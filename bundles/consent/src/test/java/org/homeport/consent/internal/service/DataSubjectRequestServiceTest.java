package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

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
        requests = new DataSubjectRequestService(bundle.store(), bundle.storeService.config(), sinks, bundle.audit,
                bundle.catalog, storedForms, directory.resolve("requests"));
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
