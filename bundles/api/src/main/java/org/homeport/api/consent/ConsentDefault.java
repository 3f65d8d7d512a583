package org.homeport.api.consent;

/** What applies to a subject who has no consent record for a purpose. */
public enum ConsentDefault {
    /** Without a grant on record, events are dropped. */
    OPT_IN,
    /** Without a denial or withdrawal on record, events are kept. */
    OPT_OUT;

    public String id() {
        return this == OPT_IN ? "opt-in" : "opt-out";
    }

    public static ConsentDefault fromId(String id) {
        for (ConsentDefault value : values()) {
            if (value.id().equals(id)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown consent default '" + id + "': use opt-in or opt-out");
    }
}
