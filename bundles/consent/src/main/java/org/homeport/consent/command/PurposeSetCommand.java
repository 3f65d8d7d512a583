package org.homeport.consent.command;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.config.core.ConfigRepository;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

@Command(scope = "consent", name = "purpose-set",
        description = "Declares a purpose or changes its policy (etc/org.homeport.purpose-<id>.cfg); the change becomes the next policy version")
@Service
public class PurposeSetCommand implements Action {
    /** The policy settings people may set here; anything else is refused so a typo never passes silently. */
    private static final Set<String> SETTINGS = Set.of("description", "legal.basis", "consent.default", "anonymous",
            "retention", "anonymizers", "sinks.allowed", "data.categories", "erase.on.withdrawal");

    @Reference
    ConfigurationAdmin configurationAdmin;

    /** Karaf's configuration store: it writes a new purpose as etc/org.homeport.purpose-<id>.cfg. */
    @Reference
    ConfigRepository configRepository;

    @Argument(index = 0, name = "purpose", description = "The purpose id", required = true)
    @Completion(PurposeCompleter.class)
    String purpose;

    @Argument(index = 1, name = "settings", description = "key=value pairs, e.g. retention=90d erase.on.withdrawal=true",
            multiValued = true)
    List<String> settings;

    @Option(name = "--retire", description = "Retire the purpose instead: no new consent or events for it; its history stays")
    boolean retire;

    @Override
    public Object execute() throws Exception {
        if (!purpose.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            System.err.println("A purpose id holds lower-case letters, digits, '.', '_' and '-'.");
            return null;
        }
        Configuration[] found = configurationAdmin.listConfigurations("(&(service.factoryPid=org.homeport.purpose)(|(id="
                + purpose + ")(service.pid=org.homeport.purpose~" + purpose + ")))");
        Configuration configuration = found == null ? null : found[0];
        if (retire) {
            if (configuration == null) {
                System.err.println("No purpose '" + purpose + "' is declared.");
                return null;
            }
            configuration.delete();
            System.out.println("Purpose '" + purpose + "' retired; its policy history is kept.");
            return null;
        }
        if (settings == null || settings.isEmpty()) {
            System.err.println("Name at least one setting, e.g. retention=90d.");
            return null;
        }
        Dictionary<String, Object> props = configuration == null ? new Hashtable<>() : configuration.getProperties();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            String key = equals < 0 ? setting : setting.substring(0, equals).trim();
            boolean anonymizerParameter = key.matches("[a-z0-9-]+\\.[a-z0-9.-]+") && !SETTINGS.contains(key)
                    && !key.startsWith("legal.") && !key.startsWith("consent.");
            if (equals < 0 || !(SETTINGS.contains(key) || anonymizerParameter)) {
                System.err.println("Not a policy setting: '" + setting + "'. Use key=value with one of " + new java.util.TreeSet<>(SETTINGS)
                        + " or <anonymizer>.<parameter>.");
                return null;
            }
            props.put(key, setting.substring(equals + 1).trim());
        }
        if (configuration == null) {
            Map<String, Object> created = new LinkedHashMap<>();
            // Karaf names the new configuration with a random suffix; 'id' keeps the purpose's name.
            created.put("id", purpose);
            for (var keys = props.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                created.put(key, props.get(key));
            }
            configRepository.createFactoryConfiguration("org.homeport.purpose", purpose, created);
        } else {
            configuration.update(props);
        }
        System.out.println("Purpose '" + purpose + "' updated; consent:purpose " + purpose + " shows its new version.");
        return null;
    }
}
