package org.homeport.security.internal.device;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.karaf.config.core.ConfigRepository;
import org.homeport.security.api.ApiKeyException;
import org.homeport.security.api.ApiKeyException.Reason;
import org.homeport.security.api.ApiKeyInfo;
import org.homeport.security.api.ApiKeyManager;
import org.homeport.security.api.IssuedApiKey;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Manages device keys as {@code etc/org.homeport.apikey-<name>.cfg} files through Config Admin,
 * for the shell and the admin API alike. Karaf's {@link ConfigRepository} creates the file, so a
 * key made here survives a restart like one written by hand.
 */
@Component(service = ApiKeyManager.class)
public class ApiKeyManagerService implements ApiKeyManager {
    /** What a key's name may be: it becomes part of a file name and of an LDAP filter. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ConfigRepository configRepository;
    private final ConfigurationAdmin configurationAdmin;
    private final ApiKeyAuthenticator authenticator;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    @Activate
    public ApiKeyManagerService(@Reference ConfigRepository configRepository,
            @Reference ConfigurationAdmin configurationAdmin, @Reference ApiKeyAuthenticator authenticator) {
        this.configRepository = configRepository;
        this.configurationAdmin = configurationAdmin;
        this.authenticator = authenticator;
    }

    @Override
    public List<ApiKeyInfo> list() {
        return authenticator.keys().stream().map(this::info).collect(Collectors.toList());
    }

    @Override
    public Optional<ApiKeyInfo> find(String name) {
        return authenticator.keys().stream().filter(key -> key.id().equals(name)).findFirst().map(this::info);
    }

    @Override
    public synchronized IssuedApiKey create(String name, String tenant, Set<String> purposes, Instant expires) {
        requireName(name);
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new ApiKeyException(Reason.INVALID,
                    "the tenant must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (purposes.stream().anyMatch(purpose -> !TENANT.matcher(purpose).matches())) {
            throw new ApiKeyException(Reason.INVALID, "a purpose id holds letters, digits, '.', '_' and '-' only");
        }
        if (expires != null && !expires.isAfter(clock.instant())) {
            throw new ApiKeyException(Reason.INVALID, "the expiry must lie in the future");
        }
        if (configuration(name) != null) {
            throw new ApiKeyException(Reason.EXISTS, "a key named '" + name + "' exists already; revoke it or pick another name");
        }
        String key = ApiKeys.generate(random);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", name);
        props.put("tenant", tenant);
        props.put("key.sha256", ApiKeys.hash(key));
        if (!purposes.isEmpty()) {
            props.put("purposes", String.join(",", purposes));
        }
        if (expires != null) {
            props.put("expires", expires.toString());
        }
        try {
            configRepository.createFactoryConfiguration(ApiKeyConfiguration.PID, name, props);
        } catch (Exception e) {
            throw new IllegalStateException("could not store the key configuration", e);
        }
        return new IssuedApiKey(new ApiKeyInfo(name, tenant, purposes, expires, true, null, null), key);
    }

    @Override
    public synchronized IssuedApiKey rotate(String name, Duration overlap) {
        if (overlap.isNegative()) {
            throw new ApiKeyException(Reason.INVALID, "the overlap must not be negative");
        }
        Configuration configuration = existing(name);
        Dictionary<String, Object> props = configuration.getProperties();
        String key = ApiKeys.generate(random);
        Instant until = clock.instant().plus(overlap);
        props.put("previous.key.sha256", props.get("key.sha256"));
        props.put("previous.expires", until.toString());
        props.put("key.sha256", ApiKeys.hash(key));
        update(configuration, props);
        return new IssuedApiKey(toInfo(name, props), key);
    }

    @Override
    public synchronized ApiKeyInfo revoke(String name) {
        Configuration configuration = existing(name);
        Dictionary<String, Object> props = configuration.getProperties();
        props.put("enabled", "false");
        update(configuration, props);
        return toInfo(name, props);
    }

    private ApiKeyInfo info(ApiKeyConfiguration.Entry key) {
        return new ApiKeyInfo(key.id(), key.tenant(), key.purposes(), key.expires(), key.enabled(), key.previousExpires(),
                authenticator.lastUsed(key.id()).orElse(null));
    }

    private ApiKeyInfo toInfo(String name, Dictionary<String, Object> props) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (var keys = props.keys(); keys.hasMoreElements();) {
            String property = keys.nextElement();
            map.put(property, props.get(property));
        }
        return info(ApiKeyConfiguration.toEntry(name, map));
    }

    private Configuration existing(String name) {
        requireName(name);
        Configuration configuration = configuration(name);
        if (configuration == null) {
            throw new ApiKeyException(Reason.NOT_FOUND, "no key named '" + name + "'");
        }
        return configuration;
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiKeyException(Reason.INVALID,
                    "a key name holds 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** The key's configuration by its 'id', or by the name in its file. */
    private Configuration configuration(String name) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(&(service.factoryPid=" + ApiKeyConfiguration.PID
                    + ")(|(id=" + name + ")(service.pid=" + ApiKeyConfiguration.PID + "~" + name + ")))");
            return found == null || found.length == 0 ? null : found[0];
        } catch (Exception e) {
            throw new IllegalStateException("could not read the key configurations", e);
        }
    }

    private static void update(Configuration configuration, Dictionary<String, Object> props) {
        try {
            configuration.update(props);
        } catch (Exception e) {
            throw new IllegalStateException("could not store the key configuration", e);
        }
    }
}
