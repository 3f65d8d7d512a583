package org.homeport.security.api;

import java.util.Locale;

/** The roles Homeport checks, named as in Keycloak realm roles and Karaf JAAS groups. */
public enum Role {
    /** Purposes, policies, data-subject requests. */
    COMPLIANCE_OFFICER,
    /** Read-only: audit trail, record of processing, statistics, metrics. */
    AUDITOR,
    /** Pipelines, plugins, health, metrics, dead letters. */
    OPERATOR,
    /** The only role that may read device-location data. */
    DEVICE_RECOVERY_OFFICER,
    /** Senders of telemetry (backends using client credentials). */
    TELEMETRY_WRITER;

    /** The external name, e.g. {@code compliance-officer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
