package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homeport.api.consent.ConsentState.DENIED;
import static org.homeport.api.consent.ConsentState.GRANTED;
import static org.homeport.api.consent.ConsentState.WITHDRAWN;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.event.Identifiers;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.internal.store.ConsentRecordStore.Appended;
import org.homeport.consent.internal.store.ConsentRecordStore.DailyCount;
import org.homeport.consent.internal.store.ConsentRecordStore.StateCount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConsentRecordStore} does (records, current states, erasure jobs, and a record
 * written together with its audit entry), run by one subclass per database on a fresh database each.
 */
abstract class ConsentRecordStoreContract extends StoreContract {

    ConsentRecordStore store;
    /** Where a record's audit entry goes: read only, to see what was written with the record. */
    AuditStore audit;

    @BeforeEach
    void storeUnderTest() {
        store = opened;
        audit = opened;
    }

    // --- a record with its audit entry and erasure job --------------------------------------

    private static ConsentRecordStore.AuditDraft auditOf(ConsentRecord record) {
        return new ConsentRecordStore.AuditDraft(record.actor(), "consent.withdraw", record.tenant() + "/" + record.subject(),
                "{\"seq\":" + record.seq() + "}");
    }

    @Test
    void aRecordItsAuditEntryAndItsErasureJobAreWrittenTogether() {
        Appended appended = store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentRecordStoreContract::auditOf, true);

        long seq = appended.record().seq();
        assertThat(appended.created()).isTrue();
        assertThat(audit.auditEntries(0, 10)).extracting(AuditEntry::detail).containsExactly("{\"seq\":" + seq + "}");
        assertThat(store.dueErasureJobs(T0, 10)).containsExactly(
                new ConsentRecordStore.ErasureJob(seq, TENANT, "s1", "analytics", T0, 0));
        assertThat(audit.verifyAudit().intact()).isTrue();
    }

    @Test
    void whenTheAuditEntryCannotBeWrittenNothingIsAndTheRetryWritesAll() {
        assertThatThrownBy(() -> store.appendConsent(consent("s1", WITHDRAWN, "r1"), record -> {
            throw new IllegalStateException("the audit write failed");
        }, true)).hasMessageContaining("audit write failed");

        assertThat(store.currentConsent(TENANT, "s1", "analytics")).isEmpty();
        assertThat(store.pendingErasureJobs()).isZero();

        Appended retried = store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentRecordStoreContract::auditOf, true);

        assertThat(retried.created()).as("the retry creates the record, so its audit and erasure follow").isTrue();
        assertThat(audit.auditEntries(0, 10)).hasSize(1);
        assertThat(store.pendingErasureJobs()).isEqualTo(1);
    }

    @Test
    void aRepeatedChangeWritesNoSecondAuditEntryOrJob() {
        store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentRecordStoreContract::auditOf, true);

        Appended repeated = store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentRecordStoreContract::auditOf, true);

        assertThat(repeated.created()).isFalse();
        assertThat(audit.auditEntries(0, 10)).hasSize(1);
        assertThat(store.pendingErasureJobs()).isEqualTo(1);
    }

    @Test
    void erasureJobsWaitUntilDoneAndAPostponedOneComesBackWhenDue() {
        long first = store.appendConsent(consent("s1", WITHDRAWN, "r1"), ConsentRecordStoreContract::auditOf, true).record().seq();
        long second = store.appendConsent(consent("s2", DENIED, "r2"), ConsentRecordStoreContract::auditOf, true).record().seq();
        store.appendConsent(consent("s3", GRANTED, "r3"), ConsentRecordStoreContract::auditOf, false);

        store.postponeErasureJobs(List.of(first), T0.plusSeconds(60));

        assertThat(store.dueErasureJobs(T0, 10)).extracting(ConsentRecordStore.ErasureJob::seq).containsExactly(second);
        assertThat(store.dueErasureJobs(T0.plusSeconds(60), 10)).extracting(ConsentRecordStore.ErasureJob::seq)
                .containsExactly(first, second);
        assertThat(store.dueErasureJobs(T0.plusSeconds(60), 1)).extracting(ConsentRecordStore.ErasureJob::attempts)
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
}
