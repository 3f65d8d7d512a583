package org.homeport.security.api;

import java.time.Instant;
import java.util.Set;

/**
 * A device API key as the admin sees it: everything but the key.
 *
 * @param name         the key's id
 * @param tenant       the tenant it writes for
 * @param purposes     the purposes it may send; empty for all
 * @param expires      when it stops working, or {@code null}
 * @param enabled      {@code false} once revoked
 * @param overlapUntil until when the key it replaced still works, or {@code null}
 * @param lastUsed     when it last sent events to this node since the node started, or {@code null}
 */
public record ApiKeyInfo(String name, String tenant, Set<String> purposes, Instant expires, boolean enabled,
        Instant overlapUntil, Instant lastUsed) {
    public ApiKeyInfo {
        purposes = Set.copyOf(purposes);
    }
}
