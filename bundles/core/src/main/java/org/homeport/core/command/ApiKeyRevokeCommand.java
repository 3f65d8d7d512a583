package org.homeport.core.command;

import java.util.Dictionary;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.core.internal.auth.ApiKeyConfiguration;
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
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            System.err.println("No key named '" + name + "'.");
            return null;
        }
        // A key is named by its 'id' (homeport:apikey-create) or by its file name (etc/org.homeport.apikey-<name>.cfg).
        Configuration[] found = configurationAdmin.listConfigurations("(&(service.factoryPid=" + ApiKeyConfiguration.PID
                + ")(|(id=" + name + ")(service.pid=" + ApiKeyConfiguration.PID + "~" + name + ")))");
        if (found == null || found.length == 0) {
            System.err.println("No key named '" + name + "'.");
            return null;
        }
        for (Configuration configuration : found) {
            Dictionary<String, Object> props = configuration.getProperties();
            props.put("enabled", "false");
            configuration.update(props);
        }
        System.out.println("API key '" + name + "' revoked.");
        return null;
    }
}
