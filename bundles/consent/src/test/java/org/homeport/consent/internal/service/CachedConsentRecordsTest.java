package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentRecord;
import org.homeport.consent.internal.store.JdbcConsentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's lookup on a real H2 store: what this node writes is seen at once, what others write after a poll. */
class CachedConsentRecordsTest {
    @TempDir
    Path directory;

    private JdbcConsentStore store;
    private JdbcConsentStore otherNode;

    @BeforeEach
    void open() {
        store = JdbcConsentStore.h2(directory.resolve("consent"), 2);
        otherNode = JdbcConsentStore.h2(directory.resolve("consent"), 2);
    }

    @AfterEach
    void close() {
        otherNode.close();
        store.close();
    }

    @Test
    void aLocalChangeIsSeenByTheNextLookup() {
        CachedConsentRecords records = new CachedConsentRecords(store, 1000, 0);
        append(store, "r1", ConsentState.GRANTED);
        assertThat(records.currentState("acme", "u1", "analytics")).contains(ConsentState.GRANTED);

        append(store, "r2", ConsentState.WITHDRAWN);
        records.changed("acme", "u1", "analytics");

        assertThat(records.currentState("acme", "u1", "analytics")).contains(ConsentState.WITHDRAWN);
    }

    @Test
    void anotherNodesChangeIsSeenAfterAPoll() {
        CachedConsentRecords records = new CachedConsentRecords(store, 1000, 0);
        append(store, "r1", ConsentState.GRANTED);
        assertThat(records.currentState("acme", "u1", "analytics")).contains(ConsentState.GRANTED);

        append(otherNode, "r2", ConsentState.WITHDRAWN);
        assertThat(records.currentState("acme", "u1", "analytics")).as("cached until the poll").contains(ConsentState.GRANTED);
        records.pollChanges();

        assertThat(records.currentState("acme", "u1", "analytics")).contains(ConsentState.WITHDRAWN);
    }

    @Test
    void subjectsWithoutRecordsHaveNone() {
        CachedConsentRecords records = new CachedConsentRecords(store, 1000, 0);
        assertThat(records.currentState("acme", "nobody", "analytics")).isEmpty();
    }

    private static void append(JdbcConsentStore target, String requestId, ConsentState state) {
        target.appendConsent(new ConsentRecord(0, "acme", "u1", "analytics", state, 1, Instant.now(), "api", requestId,
                "test"));
    }
}
