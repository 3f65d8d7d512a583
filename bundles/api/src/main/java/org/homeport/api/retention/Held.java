package org.homeport.api.retention;

/**
 * Whether a sink (or all sinks) still hold data of a purpose, as far as retention can tell.
 *
 * @since 1.0
 */
public enum Held {
    /** The sink holds data of the purpose. */
    SOME,
    /** The sink holds nothing of the purpose any more. */
    NONE,
    /** The sink does not say (it cannot delete by age, or was built before it could report it). */
    UNKNOWN
}
