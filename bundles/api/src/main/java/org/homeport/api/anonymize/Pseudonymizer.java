package org.homeport.api.anonymize;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Keyed pseudonyms with rotating keys, as a service that several anonymizers share, so a user id
 * pseudonymized by one anonymizer matches the same id pseudonymized by another.
 *
 * <p>A pseudonym names the key that made it ({@code ps_<keyId>_<hex>}), so a stored pseudonym can
 * still be matched while its key is live, and stops being linkable once that key has retired
 * and been destroyed.
 *
 * @since 1.1
 */
@ProviderType
public interface Pseudonymizer {

    /** @return the pseudonym of {@code value} under the current key */
    String pseudonymize(String value);

    /** @return the ids of the keys that still exist, the current key first */
    List<String> liveKeyIds();

    /**
     * @return the pseudonym of {@code value} under the key {@code keyId}
     * @throws IllegalArgumentException if no live key has that id (it never existed or has retired)
     */
    String pseudonymize(String value, String keyId);
}
