package org.homeport.consent.internal.service;

import java.time.Duration;
import java.util.List;
import org.homeport.api.catalog.Purpose;

/**
 * Which policy changes are material by default, that is, change what a subject agreed to so
 * that grants given under earlier versions no longer count: another legal basis or consent
 * default; more data categories or allowed sinks (none named means every one, the most);
 * other anonymizers or anonymizer parameters; a longer retention (no limit being the longest);
 * and a protection given up ({@code anonymous}, {@code aggregateOnly} or {@code eraseOnWithdrawal}
 * no longer true). A new description, a shorter retention, or a category or sink removed is not.
 * Whoever records a change may say otherwise.
 */
final class Materiality {
    private Materiality() {
    }

    /** Whether going from policy {@code before} to {@code after} is a material change. */
    static boolean isMaterial(Purpose before, Purpose after) {
        return before.legalBasis() != after.legalBasis()
                || before.consentDefault() != after.consentDefault()
                || widened(before.dataCategories(), after.dataCategories())
                || widened(before.allowedSinks(), after.allowedSinks())
                || !before.anonymizers().equals(after.anonymizers())
                || longer(before.retention(), after.retention())
                || (before.anonymous() && !after.anonymous())
                || (before.aggregateOnly() && !after.aggregateOnly())
                || (before.eraseOnWithdrawal() && !after.eraseOnWithdrawal());
    }

    /** Whether a list where empty means "all" allows more than before. */
    private static boolean widened(List<String> before, List<String> after) {
        if (before.isEmpty()) {
            return false;
        }
        return after.isEmpty() || after.stream().anyMatch(item -> !before.contains(item));
    }

    private static boolean longer(Duration before, Duration after) {
        if (after.isZero()) {
            return !before.isZero();
        }
        return !before.isZero() && after.compareTo(before) > 0;
    }
}
