package org.homeport.anonymizer.pii.internal;

import java.util.Locale;

/** What happens to a finding, set per type with {@code <type>.treatment}. */
enum Treatment {
    /** Replaced by the type's placeholder, e.g. {@code [card]}. */
    REDACT,
    /** Every character but the last few replaced by {@code *}. */
    MASK,
    /** The whole string holding the finding is removed: the attribute, the array element, the subject. */
    DROP,
    /** Replaced by the keyed pseudonym of the finding, from the shared {@code Pseudonymizer} service. */
    HMAC,
    /** Made coarser: coordinates snapped to a grid, IPv4 to /24, IPv6 to /48. Only for those types. */
    GENERALIZE;

    String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the treatment written {@code value} in a parameter (any case, spaces around), or null */
    static Treatment parse(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (Treatment candidate : values()) {
            if (candidate.parameterValue().equals(wanted)) {
                return candidate;
            }
        }
        return null;
    }
}
