package org.homeport.api.retention;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every retention run of a purpose that deleted something, e.g. to write it into the audit
 * trail. Registered as a service (whiteboard); called on the retention thread, so it must not
 * block for long.
 *
 * @since 1.0
 */
@ConsumerType
public interface RetentionListener {

    /** @param run the purpose's facts right after the run; {@link PurposeRetention#deletedAnything()} is true */
    void deleted(PurposeRetention run);
}
