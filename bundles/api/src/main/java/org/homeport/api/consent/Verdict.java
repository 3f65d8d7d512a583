package org.homeport.api.consent;

/** What the consent gate lets happen to an event. */
public enum Verdict {
    /** Keep it as it is (after the purpose's anonymizers). */
    ALLOW,
    /** Keep it without the subject's identity: the subject and device id are removed. */
    ALLOW_ANONYMOUS,
    /** Do not keep it. */
    DROP
}
