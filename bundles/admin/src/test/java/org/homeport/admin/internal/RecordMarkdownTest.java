package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.homeport.api.consent.LegalBasis;
import org.homeport.consent.api.ProcessingRecord;
import org.homeport.consent.api.ProcessingRecord.Activity;
import org.junit.jupiter.api.Test;

/** The record of processing as a document people read: one table per purpose, nothing that breaks a table. */
class RecordMarkdownTest {

    @Test
    void rendersTheControllerAndATablePerPurpose() {
        ProcessingRecord record = new ProcessingRecord(Instant.parse("2026-11-23T09:00:00Z"), "Acme Devices GmbH",
                "privacy@acme.example", List.of(
                        new Activity("crash-reports", "What went wrong | why\nso we can fix it",
                                LegalBasis.LEGITIMATE_INTEREST, List.of("message", "stack"), List.of("app.error"),
                                ProcessingRecord.DATA_SUBJECTS, List.of(), Duration.ofDays(30), false,
                                List.of("redact-emails", "hmac"), 2, Instant.parse("2026-10-01T08:00:00Z")),
                        new Activity("usage-metering", "Pages printed, for billing", LegalBasis.CONTRACT, List.of(),
                                List.of(), ProcessingRecord.DATA_SUBJECTS, List.of("billing"), Duration.ZERO, true,
                                List.of(), 0, null),
                        new Activity("marketing", "What you watch, counted", LegalBasis.CONSENT, List.of("programme"),
                                List.of("tv.viewing"), ProcessingRecord.DATA_SUBJECTS, List.of(), Duration.ofDays(365),
                                true, List.of(), 1, Instant.parse("2026-11-30T08:00:00Z"), true)));

        assertThat(RecordMarkdown.render(record)).isEqualTo("""
                # Record of processing activities

                Generated 2026-11-23T09:00:00Z from the current purpose policies (GDPR Art. 30(1)).

                | Controller | Contact |
                |---|---|
                | Acme Devices GmbH | privacy@acme.example |

                ## crash-reports

                | | |
                |---|---|
                | Purpose | What went wrong \\| why so we can fix it |
                | Legal basis | legitimate-interest (GDPR Art. 6(1)(f)) |
                | Categories of personal data | message, stack |
                | Event types | app.error |
                | Categories of data subjects | users of the tenants' products |
                | Recipients | every sink of the pipelines that select it |
                | Retention | 30 days |
                | Kept anonymous | no |
                | Aggregates only | no |
                | Anonymizers applied | redact-emails, hmac |
                | Policy | version 2, since 2026-10-01T08:00:00Z |

                ## usage-metering

                | | |
                |---|---|
                | Purpose | Pages printed, for billing |
                | Legal basis | contract (GDPR Art. 6(1)(b)) |
                | Categories of personal data | none |
                | Event types | none |
                | Categories of data subjects | users of the tenants' products |
                | Recipients | billing |
                | Retention | no limit set |
                | Kept anonymous | yes |
                | Aggregates only | no |
                | Anonymizers applied | none |
                | Policy | no version recorded yet |

                ## marketing

                | | |
                |---|---|
                | Purpose | What you watch, counted |
                | Legal basis | consent (GDPR Art. 6(1)(a)) |
                | Categories of personal data | programme |
                | Event types | tv.viewing |
                | Categories of data subjects | users of the tenants' products |
                | Recipients | only aggregating sinks, which keep k-anonymous counts and no individual event |
                | Retention | 365 days |
                | Kept anonymous | yes |
                | Aggregates only | yes (k-anonymous counts) |
                | Anonymizers applied | none |
                | Policy | version 1, since 2026-11-30T08:00:00Z |

                """);
    }

    @Test
    void aRetiredPurposeIsMarkedAndEveryRetentionIsWrittenInWords() {
        ProcessingRecord record = new ProcessingRecord(Instant.parse("2026-11-23T09:00:00Z"), "Acme", "privacy@acme.example",
                List.of(new Activity("old-survey", "What you thought of it", LegalBasis.CONTRACT, List.of("note"),
                        List.of(), ProcessingRecord.DATA_SUBJECTS, List.of(), Duration.ofHours(36), false, List.of(), 3,
                        Instant.parse("2026-11-20T08:00:00Z"), false, true),
                        new Activity("legacy", "Kept briefly once", LegalBasis.CONTRACT, List.of(), List.of(),
                                ProcessingRecord.DATA_SUBJECTS, List.of(), Duration.ofSeconds(10), false, List.of(), 1,
                                Instant.parse("2026-11-20T08:00:00Z"))));

        String markdown = RecordMarkdown.render(record);

        assertThat(markdown).contains("## old-survey (retired)\n\n| | |\n|---|---|\n| Status | retired: takes no new data;")
                .contains("| Retention | 1 day 12 hours |")
                .contains("| Retention | 10 seconds |")
                .doesNotContain("PT");
        assertThat(markdown).doesNotContain("## legacy (retired)");
    }
}
