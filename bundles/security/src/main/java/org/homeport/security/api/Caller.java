package org.homeport.security.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param name   who it is (user name or client id), for audit; never a secret
 * @param method how it authenticated: {@code oidc} or {@code jaas}
 * @param roles  its role ids, e.g. {@code operator}; roles Homeport does not know are kept too
 * @param tenant the tenant a service token is bound to, or {@code null}
 */
public record Caller(String name, String method, Set<String> roles, String tenant) {
    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role.id());
    }

    public boolean hasAnyRole(Role... wanted) {
        return Arrays.stream(wanted).anyMatch(this::hasRole);
    }
}
