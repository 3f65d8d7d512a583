package org.homeport.api.consent;

/** The lawful bases for processing of GDPR Art. 6(1). */
public enum LegalBasis {
    /** Art. 6(1)(a): the subject agreed; must be opt-in, can be withdrawn at any time. */
    CONSENT,
    /** Art. 6(1)(b): needed to perform a contract with the subject (billing meters, support). */
    CONTRACT,
    /** Art. 6(1)(c): required by law. */
    LEGAL_OBLIGATION,
    /** Art. 6(1)(d): protects someone's life. */
    VITAL_INTEREST,
    /** Art. 6(1)(e): a task in the public interest. */
    PUBLIC_TASK,
    /** Art. 6(1)(f): the controller's legitimate interest; the subject may object (opt out). */
    LEGITIMATE_INTEREST;

    /** The configuration spelling: lower case with dashes, e.g. {@code legitimate-interest}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static LegalBasis fromId(String id) {
        for (LegalBasis basis : values()) {
            if (basis.id().equals(id)) {
                return basis;
            }
        }
        throw new IllegalArgumentException("unknown legal basis '" + id + "'");
    }
}
