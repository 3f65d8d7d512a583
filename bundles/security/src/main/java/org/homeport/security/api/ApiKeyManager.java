package org.homeport.security.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates, rotates and revokes device API keys. Keys are stored as SHA-256 hashes in
 * {@code etc/org.homeport.apikey-<name>.cfg}; a new key is returned once and never again.
 * Changes take effect on this node within moments (Config Admin delivers them asynchronously).
 */
@ProviderType
public interface ApiKeyManager {

    /** Every configured key, by name; never a key itself. */
    List<ApiKeyInfo> list();

    Optional<ApiKeyInfo> find(String name);

    /**
     * @param purposes the purposes the key may send; empty for all
     * @param expires  when the key stops working, or {@code null} for never
     * @throws ApiKeyException {@code INVALID} for a bad name, {@code EXISTS} if the name is taken
     */
    IssuedApiKey create(String name, String tenant, Set<String> purposes, Instant expires);

    /**
     * Replaces the key; the old one keeps working for {@code overlap} so devices can move over.
     *
     * @throws ApiKeyException {@code NOT_FOUND}, or {@code INVALID} for a negative overlap
     */
    IssuedApiKey rotate(String name, Duration overlap);

    /**
     * Refuses the key (and the key it replaced, if still in its overlap) from now on.
     *
     * @throws ApiKeyException {@code NOT_FOUND}
     */
    ApiKeyInfo revoke(String name);
}
