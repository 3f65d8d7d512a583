package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homeport.api.consent.ConsentState.DENIED;
import static org.homeport.api.consent.ConsentState.GRANTED;
import static org.homeport.api.consent.ConsentState.WITHDRAWN;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.LongStream;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.event.Identifiers;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditVerification;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.internal.store.ConsentRecordStore.Appended;
import org.homeport.consent.internal.store.ConsentRecordStore.DailyCount;
import org.homeport.consent.internal.store.ConsentRecordStore.StateCount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConsentStore} does, run by one subclass per database on a fresh database each. */
abstract class ConsentStoreContract {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final String TENANT = "acme";

    ConsentStore store;

    /** Makes an empty database for this test. */
    abstract void createDatabase() throws Exception;

    /** A store on this test's database; called again to reopen it. */
    abstract ConsentStore openStore();

    /** A plain JDBC connection to the same database, beside the store's own: to look at or tamper with rows. */
    abstract Connection rawConnection() throws SQLException;

    abstract Dialect dialect();

    @BeforeEach
    void openStoreOnAnEmptyDatabase() throws Exception {
        createDatabase();
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aVersionThatBringsARetiredPurposeBackIsMaterialWhateverTheCallerSaid() {
        PolicyVersion first = store.recordPolicy("analytics", "{\"a\":1}", PolicyVersion.ACTIVE, "admin", T0, false);
        PolicyVersion material = store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.ACTIVE, "admin",
                T0.plusSeconds(1), true);
        store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.RETIRED, "admin", T0.plusSeconds(2), false);
        PolicyVersion revived = store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.ACTIVE, "admin",
                T0.plusSeconds(3), false);

        assertThat(first.material()).isFalse();
        assertThat(material.material()).isTrue();
        assertThat(revived.material()).isTrue();
        assertThat(store.policyHistory("analytics")).extracting(PolicyVersion::material)
                .containsExactly(false, true, false, true);
    }

    @Test
    void namesItsDialect() {
        assertThat(store.dialect()).isEqualTo(dialect().id());
    }

    // --- policies -------------------------------------------------------------------------

    @Test
    void theFirstPolicyOfAPurposeIsVersionOneWithTheDocumentsDigest() {
        PolicyVersion first = store.recordPolicy("analytics", "{\"retention\":30}", PolicyVersion.ACTIVE, "admin", T0);

        assertThat(first).isEqualTo(new PolicyVersion("analytics", 1, "active", "{\"retention\":30}",
                Sha256.hex("{\"retention\":30}"), T0, "admin"));
        assertThat(first.digest()).hasSize(64);
        assertThat(store.latestPolicy("analytics")).contains(first);
    }

    @Test
    void recordingTheSameDocumentAgainKeepsTheLatestVersion() {
        PolicyVersion first = store.recordPolicy("analytics", "{\"retention\":30}", PolicyVersion.ACTIVE, "admin", T0);

        PolicyVersion again = store.recordPolicy("analytics", "{\"retention\":30}", PolicyVersion.ACTIVE, "etc",
                T0.plusSeconds(60));

        assertThat(again).isEqualTo(first);
        assertThat(store.policyHistory("analytics")).containsExactly(first);
    }

    @Test
    void aChangedDocumentAppendsTheNextVersion() {
        store.recordPolicy("analytics", "{\"retention\":30}", PolicyVersion.ACTIVE, "admin", T0);

        PolicyVersion second = store.recordPolicy("analytics", "{\"retention\":90}", PolicyVersion.ACTIVE, "admin",
                T0.plusSeconds(60));

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.digest()).isEqualTo(Sha256.hex("{\"retention\":90}"));
        assertThat(store.latestPolicy("analytics")).contains(second);
    }

    @Test
    void retiringAPurposeAppendsARetiredVersionOfTheSameDocument() {
        PolicyVersion active = store.recordPolicy("analytics", "{}", PolicyVersion.ACTIVE, "admin", T0);

        PolicyVersion retired = store.recordPolicy("analytics", "{}", PolicyVersion.RETIRED, "admin", T0.plusSeconds(1));

        assertThat(retired.version()).isEqualTo(2);
        assertThat(retired.status()).isEqualTo("retired");
        assertThat(retired.digest()).isEqualTo(active.digest());
        assertThat(store.recordPolicy("analytics", "{}", PolicyVersion.RETIRED, "admin", T0.plusSeconds(2)))
                .isEqualTo(retired);
    }

    @Test
    void policyHistoryListsEveryVersionOldestFirst() {
        PolicyVersion v1 = store.recordPolicy("analytics", "{\"a\":1}", PolicyVersion.ACTIVE, "admin", T0);
        PolicyVersion v2 = store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.ACTIVE, "admin", T0.plusSeconds(1));
        PolicyVersion v3 = store.recordPolicy("analytics", "{\"a\":2}", PolicyVersion.RETIRED, "admin", T0.plusSeconds(2));
        store.recordPolicy("crash", "{}", PolicyVersion.ACTIVE, "admin", T0);

        assertThat(store.policyHistory("analytics")).containsExactly(v1, v2, v3);
        assertThat(store.policyHistory("unknown")).isEmpty();
    }

    @Test
    void latestPoliciesHasTheNewestVersionOfEveryPurposeByPurposeId() {
        store.recordPolicy("crash", "{\"a\":1}", PolicyVersion.ACTIVE, "admin", T0);
        PolicyVersion crash = store.recordPolicy("crash", "{\"a\":2}", PolicyVersion.ACTIVE, "admin", T0.plusSeconds(1));
        PolicyVersion analytics = store.recordPolicy("analytics", "{}", PolicyVersion.ACTIVE, "admin", T0);

        assertThat(store.latestPolicies()).containsExactly(analytics, crash);
        assertThat(store.latestPolicy("unknown")).isEmpty();
    }

    @Test
    void aPolicyStatusOtherThanActiveOrRetiredIsRejected() {
        assertThatThrownBy(() -> store.recordPolicy("analytics", "{}", "draft", "admin", T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- consent --------------------------------------------------------------------------

    static ConsentRecord consent(String subject, String purpose, ConsentState state, String requestId, Instant at) {
        return new ConsentRecord(0, TENANT, subject, purpose, state, 1, at, "api", requestId, "app-key-1");
    }

    static ConsentRecord consent(String subject, ConsentState state, String requestId) {
        return consent(subject, "analytics", state, requestId, T0);
    }

    // --- a record with its audit entry and erasure job --------------------------------------

    private static ConsentStore.AuditDraft auditOf(ConsentRecord record) {
        return new ConsentStore.AuditDraft(record.actor(), "consent.withdraw", record.tenant() + "/" + record.subject(),
                "{\"seq\":" + record.seq() + "}");
    }

    @Test
    void aRecordItsAuditEntryAndItsErasureJobAreWrittenTogether() {
        Appended appended = store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentStoreContract::auditOf, true);

        long seq = appended.record().seq();
        assertThat(appended.created()).isTrue();
        assertThat(store.auditEntries(0, 10)).extracting(AuditEntry::detail).containsExactly("{\"seq\":" + seq + "}");
        assertThat(store.dueErasureJobs(T0, 10)).containsExactly(
                new ConsentStore.ErasureJob(seq, TENANT, "s1", "analytics", T0, 0));
        assertThat(store.verifyAudit().intact()).isTrue();
    }

    @Test
    void whenTheAuditEntryCannotBeWrittenNothingIsAndTheRetryWritesAll() {
        assertThatThrownBy(() -> store.appendConsent(consent("s1", WITHDRAWN, "r1"), record -> {
            throw new IllegalStateException("the audit write failed");
        }, true)).hasMessageContaining("audit write failed");

        assertThat(store.currentConsent(TENANT, "s1", "analytics")).isEmpty();
        assertThat(store.pendingErasureJobs()).isZero();

        Appended retried = store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentStoreContract::auditOf, true);

        assertThat(retried.created()).as("the retry creates the record, so its audit and erasure follow").isTrue();
        assertThat(store.auditEntries(0, 10)).hasSize(1);
        assertThat(store.pendingErasureJobs()).isEqualTo(1);
    }

    @Test
    void aRepeatedChangeWritesNoSecondAuditEntryOrJob() {
        store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentStoreContract::auditOf, true);

        Appended repeated = store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentStoreContract::auditOf, true);

        assertThat(repeated.created()).isFalse();
        assertThat(store.auditEntries(0, 10)).hasSize(1);
        assertThat(store.pendingErasureJobs()).isEqualTo(1);
    }

    @Test
    void erasureJobsWaitUntilDoneAndAPostponedOneComesBackWhenDue() {
        long first = store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentStoreContract::auditOf, true).record().seq();
        long second = store.appendConsent(consent("s2", DENIED, "r2"), ConsentStoreContract::auditOf, true).record().seq();
        store.appendConsent(consent("s3", GRANTED, "r3"), ConsentStoreContract::auditOf, false);

        store.postponeErasureJobs(List.of(first), T0.plusSeconds(60));

        assertThat(store.dueErasureJobs(T0, 10)).extracting(ConsentStore.ErasureJob::seq).containsExactly(second);
        assertThat(store.dueErasureJobs(T0.plusSeconds(60), 10)).extracting(ConsentStore.ErasureJob::seq)
                .containsExactly(first, second);
        assertThat(store.dueErasureJobs(T0.plusSeconds(60), 1)).extracting(ConsentStore.ErasureJob::attempts)
                .containsExactly(1);

        store.finishErasureJobs(List.of(first, second));

        assertThat(store.pendingErasureJobs()).isZero();
    }

    @Test
    void anAppendedRecordIsTheCurrentStateAndInTheSubjectsHistory() {
        Appended appended = store.appendConsent(consent("s1", GRANTED, "r1"));

        assertThat(appended.created()).isTrue();
        assertThat(appended.record().seq()).isPositive();
        assertThat(appended.record()).isEqualTo(consent("s1", GRANTED, "r1").withSeq(appended.record().seq()));
        assertThat(store.currentConsent(TENANT, "s1", "analytics")).contains(appended.record());
        assertThat(store.consentHistory(TENANT, "s1")).containsExactly(appended.record());
        assertThat(store.lastConsentSeq()).isEqualTo(appended.record().seq());
    }

    @Test
    void aTenantIsHeldOnceARecordNamesItMatchedExactly() {
        assertThat(store.holdsTenant(TENANT)).isFalse();

        store.appendConsent(consent("s1", GRANTED, "r1"));

        assertThat(store.holdsTenant(TENANT)).isTrue();
        assertThat(store.holdsTenant("Acme")).as("case matters").isFalse();
        assertThat(store.holdsTenant("acme ")).isFalse();
        assertThat(store.holdsTenant("other")).isFalse();
    }

    @Test
    void aSubjectWithoutRecordsHasNoCurrentStateAndAnEmptyStoreNoLastSeq() {
        assertThat(store.currentConsent(TENANT, "nobody", "analytics")).isEmpty();
        assertThat(store.consentHistory(TENANT, "nobody")).isEmpty();
        assertThat(store.lastConsentSeq()).isZero();
    }

    @Test
    void aSubjectOverTheIdentifierLimitIsATypedRefusalThatWritesNothing() {
        String tooLong = "s".repeat(Identifiers.MAX_BYTES + 1);
        String twoByteTooLong = "\u00e9".repeat(128);

        assertThatThrownBy(() -> store.appendConsent(consent(tooLong, GRANTED, "r1")))
                .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageNotContaining(tooLong);
        assertThatThrownBy(() -> store.appendConsents(List.of(consent("ok", GRANTED, "r2"), consent(twoByteTooLong, GRANTED, "r3"))))
                .isInstanceOf(ConsentException.class);
        assertThatThrownBy(() -> store.appendPastConsents(List.of(consent(tooLong, GRANTED, "r4"))))
                .isInstanceOf(ConsentException.class);
        assertThat(store.lastConsentSeq()).isZero();
        assertThat(store.currentConsent(TENANT, tooLong, "analytics")).isEmpty();
    }

    @Test
    void theCurrentStateFollowsTheLatestAppend() {
        store.appendConsent(consent("s1", GRANTED, "r1"));
        store.appendConsent(consent("s1", "crash", GRANTED, "r2", T0));
        Appended withdrawn = store.appendConsent(consent("s1", "analytics", WITHDRAWN, "r3", T0.plusSeconds(5)));

        assertThat(store.currentConsent(TENANT, "s1", "analytics")).contains(withdrawn.record());
        assertThat(store.currentConsent(TENANT, "s1", "crash")).get().extracting(ConsentRecord::state)
                .isEqualTo(GRANTED);
        assertThat(store.consentHistory(TENANT, "s1")).extracting(ConsentRecord::requestId)
                .containsExactly("r1", "r2", "r3");
        assertThat(store.currentConsent("other-tenant", "s1", "analytics")).isEmpty();
    }

    @Test
    void recordedTimesAreKeptToTheMillisecond() {
        Instant precise = Instant.parse("2025-03-01T10:00:00.123456789Z");

        Appended appended = store.appendConsent(consent("s1", "analytics", GRANTED, "r1", precise));

        assertThat(appended.record().recordedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00.123Z"));
        assertThat(store.currentConsent(TENANT, "s1", "analytics")).contains(appended.record());
    }

    @Test
    void aRepeatedRequestIdReturnsTheFirstRecordAndWritesNothing() {
        Appended first = store.appendConsent(consent("s1", GRANTED, "r1"));

        // the retry of a client that did not see the answer: same change, maybe another time
        Appended repeated = store.appendConsent(consent("s1", "analytics", GRANTED, "r1", T0.plusSeconds(30)));

        assertThat(repeated).isEqualTo(new Appended(first.record(), false));
        assertThat(store.consentHistory(TENANT, "s1")).hasSize(1);
        assertThat(store.lastConsentSeq()).isEqualTo(first.record().seq());
    }

    @Test
    void aRequestIdReusedForADifferentChangeIsAConflictThatDoesNotNameTheSubject() {
        store.appendConsent(consent("subject-7731", GRANTED, "r1"));

        assertThatThrownBy(() -> store.appendConsent(consent("subject-7731", WITHDRAWN, "r1")))
                .isInstanceOf(RequestIdConflictException.class)
                .hasMessageContaining("request id 'r1'")
                .hasMessageNotContaining("subject-7731");
        assertThatThrownBy(() -> store.appendConsent(consent("subject-8", GRANTED, "r1")))
                .isInstanceOf(RequestIdConflictException.class);
        assertThatThrownBy(() -> store.appendConsent(consent("subject-7731", "crash", GRANTED, "r1", T0)))
                .isInstanceOf(RequestIdConflictException.class);
        assertThat(store.lastConsentSeq()).isEqualTo(1);
    }

    @Test
    void theSameRequestIdInAnotherTenantIsAnotherRequest() {
        store.appendConsent(consent("s1", GRANTED, "r1"));

        Appended other = store.appendConsent(
                new ConsentRecord(0, "globex", "s1", "analytics", DENIED, 1, T0, "api", "r1", "app-key-2"));

        assertThat(other.created()).isTrue();
    }

    @Test
    void concurrentAppendsWithOneRequestIdCreateExactlyOneRecord() throws Exception {
        List<Appended> results = concurrently(8, i -> store.appendConsent(consent("s1", GRANTED, "same-request")));

        assertThat(results).filteredOn(Appended::created).hasSize(1);
        assertThat(results).extracting(Appended::record).containsOnly(results.get(0).record());
        assertThat(store.consentHistory(TENANT, "s1")).hasSize(1);
    }

    @Test
    void concurrentAppendsForOneSubjectLeaveTheHighestSeqAsTheCurrentState() throws Exception {
        ConsentState[] states = ConsentState.values();
        List<Appended> results = concurrently(8, i -> store.appendConsent(consent("s1", states[i % 3], "r" + i)));

        ConsentRecord highest = store.consentHistory(TENANT, "s1").get(results.size() - 1);
        assertThat(results).allMatch(Appended::created);
        assertThat(store.currentConsent(TENANT, "s1", "analytics")).contains(highest);
    }

    @Test
    void consentChangesAfterPagesThroughRecordsInSeqOrder() {
        for (int i = 0; i < 5; i++) {
            store.appendConsent(consent("s" + i, GRANTED, "r" + i));
        }
        List<ConsentRecord> all = store.consentChangesAfter(0, 100);

        List<ConsentRecord> first = store.consentChangesAfter(0, 2);
        List<ConsentRecord> second = store.consentChangesAfter(first.get(1).seq(), 2);
        List<ConsentRecord> third = store.consentChangesAfter(second.get(1).seq(), 2);

        assertThat(all).hasSize(5).extracting(ConsentRecord::requestId).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(first).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(second).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(third).containsExactlyElementsOf(all.subList(4, 5));
        assertThat(store.consentChangesAfter(all.get(4).seq(), 2)).isEmpty();
    }

    @Test
    void statisticsCountRecordsPerUtcDayAndStateWithinTheRange() {
        store.appendConsents(List.of(
                consent("s1", "analytics", GRANTED, "before", Instant.parse("2025-02-28T23:59:59.999Z")),
                consent("s2", "analytics", GRANTED, "first-ms", Instant.parse("2025-03-01T00:00:00Z")),
                consent("s3", "analytics", DENIED, "noon", Instant.parse("2025-03-01T12:00:00Z")),
                consent("s4", "analytics", GRANTED, "last-ms", Instant.parse("2025-03-01T23:59:59.999Z")),
                consent("s2", "analytics", WITHDRAWN, "next-day", Instant.parse("2025-03-02T00:00:00Z")),
                consent("s5", "analytics", GRANTED, "at-to", Instant.parse("2025-03-03T00:00:00Z")),
                consent("s6", "crash", GRANTED, "other-purpose", Instant.parse("2025-03-01T10:00:00Z"))));

        List<DailyCount> counts = store.consentStatistics("analytics", Instant.parse("2025-03-01T00:00:00Z"),
                Instant.parse("2025-03-03T00:00:00Z"));

        assertThat(counts).containsExactly(
                new DailyCount(LocalDate.parse("2025-03-01"), DENIED, 1),
                new DailyCount(LocalDate.parse("2025-03-01"), GRANTED, 2),
                new DailyCount(LocalDate.parse("2025-03-02"), WITHDRAWN, 1));
    }

    @Test
    void currentStateCountsCountEachSubjectByItsLatestState() {
        store.appendConsents(List.of(
                consent("s1", GRANTED, "r1"),
                consent("s1", WITHDRAWN, "r2"),
                consent("s2", GRANTED, "r3"),
                consent("s3", DENIED, "r4"),
                consent("s4", GRANTED, "r5"),
                consent("s5", "crash", GRANTED, "r6", T0)));

        assertThat(store.currentStateCounts("analytics")).containsExactlyInAnyOrder(
                new StateCount(GRANTED, 2), new StateCount(DENIED, 1), new StateCount(WITHDRAWN, 1));
        assertThat(store.currentStateCounts("unknown")).isEmpty();
    }

    @Test
    void aBulkAppendStoresEveryRecordOnceAndAnswersRepeatedRequestIdsWithTheFirstRecord() throws SQLException {
        List<ConsentRecord> records = new ArrayList<>();
        ConsentState[] states = ConsentState.values();
        for (int i = 0; i < 20_000; i++) {
            String purpose = i % 2 == 0 ? "analytics" : "crash";
            records.add(consent("s" + i % 5000, purpose, states[i % 7 % 3], "bulk-" + i, T0.plusMillis(i)));
            if (i == 1500) {
                records.add(records.get(10)); // written in an earlier batch (transaction)
            }
            if (i == 1600) {
                records.add(records.get(1551)); // written earlier in the same batch
            }
        }

        List<Appended> appended = store.appendConsents(records);

        assertThat(appended).hasSize(20_002);
        assertThat(appended).filteredOn(Appended::created).hasSize(20_000);
        assertThat(appended.get(1501)).isEqualTo(new Appended(appended.get(10).record(), false));
        assertThat(appended.get(1602)).isEqualTo(new Appended(appended.get(1551).record(), false));
        assertThat(appended.get(1551).record().requestId()).isEqualTo("bulk-1550");
        assertThat(countRows("consent_record")).isEqualTo(20_000);

        Map<String, ConsentRecord> latest = new HashMap<>();
        for (Appended a : appended) {
            latest.put(a.record().subject() + "/" + a.record().purpose(), a.record());
        }
        assertThat(countRows("consent_current")).isEqualTo(latest.size());
        for (String key : List.of("s0/analytics", "s1/crash", "s1550/analytics", "s4999/crash")) {
            String[] parts = key.split("/");
            assertThat(store.currentConsent(TENANT, parts[0], parts[1])).contains(latest.get(key));
        }
        long grantedAnalytics = latest.values().stream()
                .filter(r -> r.purpose().equals("analytics") && r.state() == GRANTED).count();
        assertThat(store.currentStateCounts("analytics")).contains(new StateCount(GRANTED, grantedAnalytics));
    }

    @Test
    void aConflictInABulkAppendWritesNothingOfItsBatch() {
        List<ConsentRecord> records = List.of(
                consent("s1", GRANTED, "r1"),
                consent("s2", GRANTED, "r2"),
                consent("s1", WITHDRAWN, "r1"));

        assertThatThrownBy(() -> store.appendConsents(records)).isInstanceOf(RequestIdConflictException.class);
        assertThat(store.lastConsentSeq()).isZero();
    }

    @Test
    void aPastRecordJoinsTheHistoryWithoutReplacingANewerCurrentState() {
        Appended withdrawn = store.appendConsent(consent("s1", "analytics", WITHDRAWN, "api-1", T0));

        List<Appended> imported = store.appendPastConsents(List.of(
                consent("s1", "analytics", GRANTED, "import-1", T0.minusSeconds(3600)),
                consent("s2", "analytics", GRANTED, "import-2", T0.minusSeconds(60))));

        assertThat(imported).allMatch(Appended::created);
        assertThat(store.currentConsent(TENANT, "s1", "analytics")).contains(withdrawn.record());
        assertThat(store.consentHistory(TENANT, "s1")).extracting(ConsentRecord::requestId)
                .containsExactly("api-1", "import-1");
        assertThat(store.currentConsent(TENANT, "s2", "analytics")).contains(imported.get(1).record());
    }

    @Test
    void amongPastRecordsTheLatestRecordedIsTheCurrentStateWhateverTheirOrder() {
        store.appendConsent(consent("s1", "analytics", GRANTED, "api-1", T0));

        List<Appended> imported = store.appendPastConsents(List.of(
                consent("s1", "analytics", DENIED, "later", T0.plusSeconds(60)),
                consent("s1", "analytics", WITHDRAWN, "earlier", T0.plusSeconds(30))));
        store.appendPastConsents(List.of(consent("s1", "analytics", GRANTED, "earliest", T0.plusSeconds(10))));

        assertThat(store.currentConsent(TENANT, "s1", "analytics")).contains(imported.get(0).record());
    }

    @Test
    void aPastRecordRecordedAtTheSameTimeAsTheCurrentOneReplacesIt() {
        store.appendConsent(consent("s1", "analytics", GRANTED, "api-1", T0));

        Appended same = store.appendPastConsents(List.of(consent("s1", "analytics", WITHDRAWN, "import-1", T0))).get(0);

        assertThat(store.currentConsent(TENANT, "s1", "analytics")).contains(same.record());
    }

    @Test
    void aStoreErrorNamesTheOperationButNotTheSubject() {
        // a channel longer than its column: the subject fits, the row does not
        ConsentRecord tooLongChannel = new ConsentRecord(0, TENANT, "subject-1", "analytics", GRANTED, 1, T0,
                "c".repeat(40), "r1", "app-key-1");

        assertThatThrownBy(() -> store.appendConsent(tooLongChannel))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Could not append consent records")
                .hasMessageNotContaining("subject-");
    }

    @Test
    void aClosedStoreSaysSo() {
        store.close();

        assertThatThrownBy(() -> store.lastConsentSeq()).isInstanceOf(StoreException.class)
                .hasMessage("Could not read the last consent sequence number: connection pool is closed");
    }

    // --- audit trail ----------------------------------------------------------------------

    private List<AuditEntry> appendAuditEntries(int count) {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            entries.add(store.appendAudit("admin", "policy.update", "purpose-" + i, "{\"n\":" + i + "}",
                    T0.plusSeconds(i)));
        }
        return entries;
    }

    @Test
    void auditEntriesFormAHashChainStartingFromZeros() {
        AuditEntry first = store.appendAudit("admin", "policy.update", "analytics", "{\"version\":1}", T0);
        AuditEntry second = store.appendAudit("alice", "read.audit", null, null, T0.plusMillis(1));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.previousHash()).isEqualTo("0".repeat(64));
        assertThat(first.hash()).isEqualTo(AuditChain.hash(first.previousHash(), 1, T0, "admin", "policy.update",
                "analytics", "{\"version\":1}"));
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(store.auditEntries(0, 10)).containsExactly(first, second);
        assertThat(store.auditEntries(1, 10)).containsExactly(second);
    }

    @Test
    void anUntouchedAuditTrailVerifies() {
        appendAuditEntries(10);

        assertThat(store.verifyAudit()).isEqualTo(new AuditVerification(true, 10, 0, null));
    }

    @Test
    void anEmptyAuditTrailVerifies() {
        assertThat(store.verifyAudit()).isEqualTo(new AuditVerification(true, 0, 0, null));
    }

    @Test
    void verificationReadsALongTrailPageByPage() throws SQLException {
        appendAuditEntries(2_100);
        assertThat(store.verifyAudit()).isEqualTo(new AuditVerification(true, 2_100, 0, null));

        execute("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 1500");

        assertThat(store.verifyAudit()).isEqualTo(
                new AuditVerification(false, 1_500, 1_500, "entry 1500: hash does not match its content"));
    }

    @Test
    void changingAnEntryBehindTheStoresBackIsFoundAtThatEntry() throws SQLException {
        appendAuditEntries(10);

        execute("UPDATE audit_entry SET detail = '{\"n\":500}' WHERE seq = 5");

        assertThat(store.verifyAudit())
                .isEqualTo(new AuditVerification(false, 5, 5, "entry 5: hash does not match its content"));
    }

    @Test
    void rehashingAChangedEntryBreaksTheLinkFromTheNextOne() throws SQLException {
        List<AuditEntry> entries = appendAuditEntries(10);
        AuditEntry fifth = entries.get(4);
        String forgedHash = AuditChain.hash(fifth.previousHash(), 5, fifth.time(), fifth.actor(), fifth.action(),
                fifth.target(), "{\"n\":500}");

        execute("UPDATE audit_entry SET detail = '{\"n\":500}', hash = '" + forgedHash + "' WHERE seq = 5");

        assertThat(store.verifyAudit()).isEqualTo(
                new AuditVerification(false, 6, 6, "entry 6: previous hash does not match entry 5"));
    }

    @Test
    void removingAnEntryIsReportedAsThatEntryMissing() throws SQLException {
        appendAuditEntries(10);

        execute("DELETE FROM audit_entry WHERE seq = 5");

        AuditVerification verification = store.verifyAudit();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(5);
        assertThat(verification.problem()).startsWith("entry 5 is missing");
    }

    @Test
    void removingTheFirstEntryIsReportedAsEntryOneMissing() throws SQLException {
        appendAuditEntries(3);

        execute("DELETE FROM audit_entry WHERE seq = 1");

        assertThat(store.verifyAudit().firstBrokenSeq()).isEqualTo(1);
    }

    @Test
    void concurrentAuditAppendsLeaveAGaplessIntactChain() throws Exception {
        concurrently(8, i -> {
            for (int n = 0; n < 25; n++) {
                store.appendAudit("thread-" + i, "consent.grant", "acme/s" + n, null, T0.plusMillis(n));
            }
            return null;
        });

        assertThat(store.auditEntries(0, 1000)).extracting(AuditEntry::seq).hasSize(200)
                .isEqualTo(LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(store.verifyAudit()).isEqualTo(new AuditVerification(true, 200, 0, null));
    }

    // --- schema ---------------------------------------------------------------------------

    @Test
    void reopeningTheStoreAppliesNoMigrationAndKeepsTheData() throws SQLException {
        PolicyVersion policy = store.recordPolicy("analytics", "{}", PolicyVersion.ACTIVE, "admin", T0);
        Appended consent = store.appendConsent(consent("s1", GRANTED, "r1"));
        store.appendAudit("admin", "policy.update", "analytics", "{}", T0);
        List<String> versions = schemaVersions();
        store.close();

        store = openStore();

        assertThat(versions).hasSize(new MigrationRunner(dialect()).migrations().size())
                .first().asString().startsWith("1 initial ");
        assertThat(schemaVersions()).isEqualTo(versions);
        assertThat(store.latestPolicy("analytics")).contains(policy);
        assertThat(store.currentConsent(TENANT, "s1", "analytics")).contains(consent.record());
        assertThat(store.verifyAudit()).isEqualTo(new AuditVerification(true, 1, 0, null));
    }

    /** "version description applied_at" per applied version. */
    private List<String> schemaVersions() throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = rawConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT version, description, applied_at FROM homeport_schema_version ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1) + " " + rows.getString(2) + " " + rows.getLong(3));
            }
        }
        return versions;
    }

    // --- helpers --------------------------------------------------------------------------

    void execute(String sql) throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    long countRows(String table) throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Runs task(0..threads-1) on as many threads released at once; its results in task order. */
    static <T> List<T> concurrently(int threads, IntFunction<T> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.apply(n);
                };
                futures.add(executor.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
