package org.homeport.core.command;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.config.core.ConfigRepository;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.core.internal.auth.ApiKeyAuthenticator;
import org.homeport.core.internal.auth.ApiKeyConfiguration;
import org.homeport.core.internal.auth.ApiKeys;

@Command(scope = "homeport", name = "apikey-create",
        description = "Creates a device API key; the key is shown once, only its hash is stored (etc/org.homeport.apikey-<name>.cfg)")
@Service
public class ApiKeyCreateCommand implements Action {

    /** Karaf's own configuration store: it writes etc/<factory>-<name>.cfg as config:edit does. */
    @Reference
    ConfigRepository configRepository;

    @Reference
    ApiKeyAuthenticator authenticator;

    @Argument(index = 0, name = "name", description = "Id of the key, e.g. the device fleet it is for", required = true)
    String name;

    @Option(name = "--tenant", description = "Tenant the key writes for", required = true)
    String tenant;

    @Option(name = "--purposes", description = "Comma-separated purposes it may send; all if omitted")
    String purposes;

    @Option(name = "--expires", description = "ISO-8601 instant after which it is refused")
    String expires;

    @Override
    public Object execute() throws Exception {
        if (!name.matches(KeyConfigurations.NAME_PATTERN)) {
            System.err.println("The name may hold letters, digits, '.', '_' and '-' (at most 64).");
            return null;
        }
        if (expires != null) {
            Instant.parse(expires);
        }
        if (authenticator.keys().stream().anyMatch(key -> key.id().equals(name))) {
            System.err.println("A key named '" + name + "' exists already; revoke it or pick another name.");
            return null;
        }
        String key = ApiKeys.generate(new SecureRandom());
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", name);
        props.put("tenant", tenant);
        props.put("key.sha256", ApiKeys.hash(key));
        if (purposes != null) {
            props.put("purposes", purposes);
        }
        if (expires != null) {
            props.put("expires", expires);
        }
        configRepository.createFactoryConfiguration(ApiKeyConfiguration.PID, name, props);
        System.out.println("API key '" + name + "' for tenant '" + tenant + "' created. It is shown only now:");
        System.out.println(key);
        return null;
    }
}
