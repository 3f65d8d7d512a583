package org.homeport.api.consent;

/** A subject's current consent for one purpose, as derived from its consent records. */
public enum ConsentState {
    GRANTED,
    DENIED,
    WITHDRAWN
}
