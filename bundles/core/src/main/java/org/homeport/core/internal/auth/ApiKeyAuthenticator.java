package org.homeport.core.internal.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.homeport.api.auth.DeviceAuthenticator;
import org.homeport.api.auth.DeviceNotPermittedException;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.security.api.HttpAuthenticator;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Authenticates senders: devices by API key against the configured key hashes; backends by an
 * OAuth2 access token (client credentials) that carries the {@code telemetry-writer} role and a
 * tenant claim, validated by the security layer.
 */
@Component(service = {DeviceAuthenticator.class, ApiKeyAuthenticator.class})
public class ApiKeyAuthenticator implements DeviceAuthenticator {
    private final Map<ApiKeyConfiguration, Boolean> configurations = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Map<String, ApiKeyConfiguration.Entry> byHash = Map.of();
    /** The replaced keys of rotations, while their overlap lasts. */
    private volatile Map<String, ApiKeyConfiguration.Entry> byPreviousHash = Map.of();
    /** When each key was last used on this node; kept in memory only, so it starts empty after a restart. */
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private volatile HttpAuthenticator people;

    public ApiKeyAuthenticator() {
        this(Clock.systemUTC());
    }

    ApiKeyAuthenticator(Clock clock) {
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTokens(HttpAuthenticator authenticator) {
        this.people = authenticator;
    }

    void unbindTokens(HttpAuthenticator authenticator) {
        if (this.people == authenticator) {
            this.people = null;
        }
    }

    @Override
    public CompletionStage<Optional<DevicePrincipal>> authenticateToken(String token) {
        HttpAuthenticator tokens = people;
        if (tokens == null || token == null || token.isBlank()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        // Only validated here: the receiver that got the token throttles and counts it under its real source.
        return tokens.verifyBearer(token).handle((caller, failure) -> {
            if (failure != null) {
                return Optional.<DevicePrincipal>empty();
            }
            if (!caller.hasRole(Role.TELEMETRY_WRITER)) {
                throw new DeviceNotPermittedException("the token is valid but lacks the role telemetry-writer");
            }
            if (caller.tenant() == null || caller.tenant().isBlank()) {
                throw new DeviceNotPermittedException("the token is valid but names no tenant (claim homeport_tenant)");
            }
            return Optional.of(new DevicePrincipal(caller.tenant(), "oidc:" + caller.name(), Set.of()));
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "changedKey")
    void addKey(ApiKeyConfiguration configuration) {
        configurations.put(configuration, Boolean.TRUE);
        reindex();
    }

    void changedKey(ApiKeyConfiguration configuration) {
        reindex();
    }

    void removeKey(ApiKeyConfiguration configuration) {
        configurations.remove(configuration);
        reindex();
    }

    private synchronized void reindex() {
        index(configurations.keySet().stream().map(ApiKeyConfiguration::declared)
                .filter(declared -> declared.isValid()).map(declared -> declared.value()).collect(Collectors.toList()));
    }

    /** Replaces the known keys (tests call this directly). */
    void index(List<ApiKeyConfiguration.Entry> entries) {
        Map<String, ApiKeyConfiguration.Entry> next = new HashMap<>();
        Map<String, ApiKeyConfiguration.Entry> previous = new HashMap<>();
        entries.forEach(entry -> {
            next.put(entry.hash(), entry);
            if (entry.previousHash() != null) {
                previous.put(entry.previousHash(), entry);
            }
        });
        byHash = Map.copyOf(next);
        byPreviousHash = Map.copyOf(previous);
    }

    /** When the key was last used to send events on this node, if it was since the node started. */
    public Optional<Instant> lastUsed(String keyId) {
        return Optional.ofNullable(lastUsed.get(keyId));
    }

    /** The configured keys, for the shell. */
    public List<ApiKeyConfiguration.Entry> keys() {
        return byHash.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).collect(Collectors.toList());
    }

    @Override
    public Optional<DevicePrincipal> authenticateApiKey(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 256) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(apiKey);
        Instant now = clock.instant();
        ApiKeyConfiguration.Entry entry = byHash.get(hash);
        if (entry == null) {
            entry = byPreviousHash.get(hash);
            if (entry != null && !now.isBefore(entry.previousExpires())) {
                return Optional.empty();
            }
        }
        if (entry == null || !entry.enabled() || (entry.expires() != null && !now.isBefore(entry.expires()))) {
            return Optional.empty();
        }
        lastUsed.put(entry.id(), now);
        return Optional.of(new DevicePrincipal(entry.tenant(), entry.id(), entry.purposes()));
    }
}
