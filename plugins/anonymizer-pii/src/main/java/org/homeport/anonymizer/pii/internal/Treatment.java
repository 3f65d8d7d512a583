package org.homeport.anonymizer.pii.internal;

import java.util.Locale;

/** What happens to a finding. */
enum Treatment {
    /** Replaced by the detector's typed placeholder, e.g. {@code [card]}. */
    REDACT,
    /** Every character but the last few replaced by {@code *}. */
    MASK;

    String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
