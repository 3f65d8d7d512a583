package org.homeport.api.retention;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What retention did per purpose since the node started; the core provides it.
 *
 * @since 1.0
 */
@ProviderType
public interface RetentionFacts {

    /** Every purpose retention ran for since the node started, by purpose id. */
    List<PurposeRetention> purposes();

    /** The purpose's facts, empty if retention has not run for it since the node started. */
    Optional<PurposeRetention> purpose(String id);
}
