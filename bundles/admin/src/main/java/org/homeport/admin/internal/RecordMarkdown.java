package org.homeport.admin.internal;

import java.time.Duration;
import java.util.List;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.retention.Retentions;
import org.homeport.consent.api.ProcessingRecord;
import org.homeport.consent.api.ProcessingRecord.Activity;

/** The record of processing as a Markdown document: the controller, then one table per purpose. */
final class RecordMarkdown {
    static final String RETIRED = "retired: takes no new data; what it stored is still held until retention or "
            + "erasure deletes it, under its last policy version below";
    private RecordMarkdown() {
    }

    static String render(ProcessingRecord record) {
        StringBuilder md = new StringBuilder()
                .append("# Record of processing activities\n\n")
                .append("Generated ").append(record.generatedAt())
                .append(" from the current purpose policies (GDPR Art. 30(1)).\n\n")
                .append("| Controller | Contact |\n|---|---|\n")
                .append(row(record.controllerName(), record.controllerContact())).append('\n');
        for (Activity activity : record.activities()) {
            md.append("## ").append(cell(activity.purpose())).append(activity.retired() ? " (retired)" : "")
                    .append("\n\n")
                    .append("| | |\n|---|---|\n");
            if (activity.retired()) {
                md.append(row("Status", RETIRED));
            }
            md.append(row("Purpose", activity.description()))
                    .append(row("Legal basis", legalBasis(activity.legalBasis())))
                    .append(row("Categories of personal data", list(activity.dataCategories())))
                    .append(row("Event types", list(activity.eventTypes())))
                    .append(row("Categories of data subjects", activity.dataSubjects()))
                    .append(row("Recipients", activity.recipients()))
                    .append(row("Retention", retention(activity.retention())))
                    .append(row("Kept anonymous", activity.anonymous() ? "yes" : "no"))
                    .append(row("Aggregates only", activity.aggregateOnly() ? "yes (k-anonymous counts)" : "no"))
                    .append(row("Anonymizers applied", list(activity.anonymizers())))
                    .append(row("Policy", activity.policyVersion() == 0 ? "no version recorded yet"
                            : "version " + activity.policyVersion() + ", since " + activity.policySince()))
                    .append('\n');
        }
        return md.toString();
    }

    private static String row(String name, String value) {
        return "| " + cell(name) + " | " + cell(value) + " |\n";
    }

    /** A table cell's text: a pipe would end the cell and a line break the row. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "none" : String.join(", ", items);
    }

    private static String legalBasis(LegalBasis basis) {
        return basis.id() + " (GDPR Art. 6(1)(" + article(basis) + "))";
    }

    private static char article(LegalBasis basis) {
        return switch (basis) {
            case CONSENT -> 'a';
            case CONTRACT -> 'b';
            case LEGAL_OBLIGATION -> 'c';
            case VITAL_INTEREST -> 'd';
            case PUBLIC_TASK -> 'e';
            case LEGITIMATE_INTEREST -> 'f';
        };
    }

    /** In words, the same way for every duration: {@code 30 days}, {@code 1 day 12 hours}, {@code 10 seconds}. */
    private static String retention(Duration retention) {
        return retention.isZero() ? "no limit set" : Retentions.inWords(retention);
    }
}
