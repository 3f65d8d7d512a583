package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.homeport.api.retention.Held;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.SinkRetention;
import org.homeport.consent.api.AuditEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionAuditTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path directory;
    private ConsentBundle bundle;

    @BeforeEach
    void open() {
        bundle = new ConsentBundle(directory);
    }

    @AfterEach
    void close() throws Exception {
        bundle.close();
    }

    @Test
    void aRunThatDeletedIsAuditedAsTheSystemWithWhatEachSinkDeleted() {
        SinkRetention file = new SinkRetention("file", 1, "files", 3, 120, Held.SOME, Instant.parse("2026-10-25T00:00:00Z"),
                null);
        SinkRetention idle = new SinkRetention("archive", 0, "files", 0, 0, Held.NONE, null, null);
        new RetentionAudit(bundle.audit).deleted(new PurposeRetention("crash-reports", Duration.ofDays(30), false, NOW,
                NOW.minus(Duration.ofDays(30)), List.of(file, idle), NOW, List.of(file, idle)));

        List<AuditEntry> entries = bundle.audit.entries(0, 100);
        AuditEntry entry = entries.get(entries.size() - 1);
        assertThat(entry.actor()).isEqualTo("system:retention");
        assertThat(entry.action()).isEqualTo("retention.delete");
        assertThat(entry.target()).isEqualTo("crash-reports");
        assertThat(entry.detail()).contains("\"deletedBefore\":\"2026-10-24T10:00:00Z\"",
                "{\"sink\":\"file\",\"removed\":1,\"unit\":\"files\",\"events\":3,\"bytes\":120}",
                "\"oldestHeld\":\"2026-10-25T00:00:00Z\"").doesNotContain("archive");
        assertThat(bundle.audit.verify().intact()).isTrue();
    }
}
