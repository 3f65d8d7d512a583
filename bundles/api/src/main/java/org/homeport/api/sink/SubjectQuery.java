package org.homeport.api.sink;

import java.util.Set;

/**
 * What a data-subject request or a device-recovery read asks a sink for: the events of one tenant
 * that belong to a subject, or that a device sent.
 *
 * @param tenant   the tenant; events of other tenants never match
 * @param subject  the subject id, or {@code null} to match by device only
 * @param device   the device id ({@code source.device}), or {@code null} to match by subject only
 * @param purposes the purposes to look in; empty for all
 * @since 1.1
 */
public record SubjectQuery(String tenant, String subject, String device, Set<String> purposes) {
    public SubjectQuery {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("a subject query needs a tenant");
        }
        if ((subject == null || subject.isEmpty()) && (device == null || device.isEmpty())) {
            throw new IllegalArgumentException("a subject query needs a subject or a device");
        }
        purposes = Set.copyOf(purposes == null ? Set.of() : purposes);
    }

    /**
     * Whether a stored event matches: same tenant, a purpose asked for, and the subject (when
     * given) and the device (when given) equal.
     */
    public boolean matches(String eventTenant, String eventPurpose, String eventSubject, String eventDevice) {
        return tenant.equals(eventTenant)
                && (purposes.isEmpty() || purposes.contains(eventPurpose))
                && (subject == null || subject.equals(eventSubject))
                && (device == null || device.equals(eventDevice));
    }
}
