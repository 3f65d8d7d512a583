package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.homeport.consent.api.AuditEntry;
import org.homeport.consent.api.AuditVerification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AuditStore} does (the hash chain), run by one subclass per database on a fresh database each. */
abstract class AuditStoreContract extends StoreContract {

    AuditStore store;

    @BeforeEach
    void storeUnderTest() {
        store = opened;
    }

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
}
