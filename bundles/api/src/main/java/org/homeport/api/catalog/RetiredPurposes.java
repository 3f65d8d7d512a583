package org.homeport.api.catalog;

import java.util.Collection;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Purposes that are no longer declared but may still have stored events: a retired purpose
 * accepts nothing new, yet its data stays subject to retention and to data-subject requests until
 * it is gone. The consent bundle answers it from the policy history.
 *
 * @since 1.2
 */
@ProviderType
public interface RetiredPurposes {

    /**
     * Every purpose that had a policy once and is not declared now, as its last policy declared
     * it (retention, anonymizers, whether it was anonymous).
     */
    Collection<Purpose> retiredPurposes();
}
