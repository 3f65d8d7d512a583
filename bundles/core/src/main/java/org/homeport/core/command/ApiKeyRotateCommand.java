package org.homeport.core.command;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.core.internal.auth.ApiKeyConfiguration;
import org.homeport.core.internal.auth.ApiKeys;
import org.homeport.core.internal.config.ConfigValues;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

@Command(scope = "homeport", name = "apikey-rotate",
        description = "Replaces a device API key with a new one; the old key keeps working for the overlap so devices can move over")
@Service
public class ApiKeyRotateCommand implements Action {

    @Reference
    ConfigurationAdmin configurationAdmin;

    @Argument(index = 0, name = "name", description = "Id of the key", required = true)
    String name;

    @Option(name = "--overlap", description = "How long the old key stays valid: 7d, 12h, P14D (default 7d)")
    String overlap = "7d";

    @Override
    public Object execute() throws Exception {
        Duration grace = ConfigValues.duration(overlap);
        Configuration configuration = KeyConfigurations.find(configurationAdmin, name);
        if (configuration == null) {
            System.err.println("No key named '" + name + "'.");
            return null;
        }
        Dictionary<String, Object> props = configuration.getProperties();
        String key = ApiKeys.generate(new SecureRandom());
        Instant until = Instant.now().plus(grace);
        props.put("previous.key.sha256", props.get("key.sha256"));
        props.put("previous.expires", until.toString());
        props.put("key.sha256", ApiKeys.hash(key));
        configuration.update(props);
        System.out.println("API key '" + name + "' rotated; the old key works until " + until + ". The new key, shown only now:");
        System.out.println(key);
        return null;
    }
}
