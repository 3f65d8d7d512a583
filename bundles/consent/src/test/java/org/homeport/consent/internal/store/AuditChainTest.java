package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

    // expected values from: printf '%s\n%s\n…' <fields> | sha256sum
    @Test
    void hashIsSha256HexOfTheFieldsJoinedByNewlines() {
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, AT, "alice", "policy.update", "analytics", "{\"version\":1}"))
                .isEqualTo("dbb8febf7c45bce1c4ad2b2e8fc69f6cd39ae2314c1de6ac819190aa8700c83d");
    }

    @Test
    void missingFieldsCountAsEmptyStrings() {
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, AT, null, "read.audit", null, null))
                .isEqualTo("7fff32e4fff31fa636889ce9498b70dfc558d39f2260240ac1838c1700e36465")
                .isEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, AT, "", "read.audit", "", ""));
    }

    @Test
    void theChainStartsFromSixtyFourZeros() {
        assertThat(AuditChain.GENESIS).hasSize(64).matches("0+");
    }

    @Test
    void changingAnyFieldChangesTheHash() {
        String hash = AuditChain.hash(AuditChain.GENESIS, 7, AT, "alice", "consent.withdraw", "acme/s1", "{}");

        assertThat(hash).isNotEqualTo(AuditChain.hash("1".repeat(64), 7, AT, "alice", "consent.withdraw", "acme/s1", "{}"))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 8, AT, "alice", "consent.withdraw", "acme/s1", "{}"))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 7, AT.plusMillis(1), "alice", "consent.withdraw",
                        "acme/s1", "{}"))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 7, AT, "bob", "consent.withdraw", "acme/s1", "{}"))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 7, AT, "alice", "consent.grant", "acme/s1", "{}"))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 7, AT, "alice", "consent.withdraw", "acme/s2", "{}"))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 7, AT, "alice", "consent.withdraw", "acme/s1", "{ }"));
    }

    @Test
    void fieldBoundariesAreKept() {
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, AT, "ab", "c", "", ""))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, AT, "a", "bc", "", ""));
    }
}
