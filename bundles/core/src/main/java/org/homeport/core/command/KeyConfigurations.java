package org.homeport.core.command;

import org.homeport.core.internal.auth.ApiKeyConfiguration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Finds a device key's configuration by its name: its 'id', or the name in its file. */
final class KeyConfigurations {
    /** What a key's name may be: it becomes part of a file name and of an LDAP filter. */
    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private KeyConfigurations() {
    }

    static Configuration find(ConfigurationAdmin configurationAdmin, String name) throws Exception {
        if (!name.matches(NAME_PATTERN)) {
            return null;
        }
        Configuration[] found = configurationAdmin.listConfigurations("(&(service.factoryPid=" + ApiKeyConfiguration.PID
                + ")(|(id=" + name + ")(service.pid=" + ApiKeyConfiguration.PID + "~" + name + ")))");
        return found == null || found.length == 0 ? null : found[0];
    }
}
