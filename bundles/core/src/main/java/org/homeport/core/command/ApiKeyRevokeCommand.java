package org.homeport.core.command;

import java.util.Dictionary;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

@Command(scope = "homeport", name = "apikey-revoke", description = "Revokes a device API key at once")
@Service
public class ApiKeyRevokeCommand implements Action {

    @Reference
    ConfigurationAdmin configurationAdmin;

    @Argument(index = 0, name = "name", description = "Id of the key", required = true)
    String name;

    @Override
    public Object execute() throws Exception {
        Configuration configuration = KeyConfigurations.find(configurationAdmin, name);
        if (configuration == null) {
            System.err.println("No key named '" + name + "'.");
            return null;
        }
        Dictionary<String, Object> props = configuration.getProperties();
        props.put("enabled", "false");
        configuration.update(props);
        System.out.println("API key '" + name + "' revoked.");
        return null;
    }
}
