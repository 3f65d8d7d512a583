package org.homeport.security.internal.device;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.homeport.api.auth.DevicePrincipal;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The configured device API keys, by hash: looks a presented key up (cheap enough for an event
 * loop) and remembers when each key was last used. {@link DeviceAuthenticationService} asks it;
 * {@link ApiKeyManagerService} lists what it knows.
 */
@Component(service = ApiKeyAuthenticator.class)
public class ApiKeyAuthenticator {
    private final Map<ApiKeyConfiguration, Boolean> configurations = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Map<String, ApiKeyConfiguration.Entry> byHash = Map.of();
    /** The replaced keys of rotations, while their overlap lasts. */
    private volatile Map<String, ApiKeyConfiguration.Entry> byPreviousHash = Map.of();
    /** When each key was last used on this node; kept in memory only, so it starts empty after a restart. */
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator() {
        this(Clock.systemUTC());
    }

    ApiKeyAuthenticator(Clock clock) {
        this.clock = clock;
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

    /**
     * @param apiKey the key as presented
     * @return the principal, or empty if the key is unknown, revoked or expired
     */
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
