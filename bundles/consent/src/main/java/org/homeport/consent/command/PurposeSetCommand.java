package org.homeport.consent.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.PolicyAdministration;
import org.homeport.consent.api.PolicyVersion;

@Command(scope = "consent", name = "purpose-set",
        description = "Declares a purpose or changes its policy (etc/org.homeport.purpose-<id>.cfg); a change becomes the next policy version")
@Service
public class PurposeSetCommand implements Action {

    @Reference
    PolicyAdministration policies;

    @Reference
    Session session;

    @Option(name = "--retire", description = "Retire the purpose instead: no new consent or events for it; its history stays")
    boolean retire;

    @Option(name = "--material", description = "The change is material: grants given under earlier versions stop counting until "
            + "the subject consents again (default: decided by what changed, see the compliance guide)")
    boolean material;

    @Option(name = "--not-material", description = "The change is not material, whatever changed (bringing a retired purpose back "
            + "always is)")
    boolean notMaterial;

    @Argument(index = 0, name = "purpose", description = "The purpose id", required = true)
    @Completion(PurposeCompleter.class)
    String purpose;

    @Argument(index = 1, name = "settings", description = "key=value pairs, e.g. retention=90d erase.on.withdrawal=true",
            multiValued = true)
    List<String> settings;

    @Override
    public Object execute() {
        String actor = SubjectCommand.actor(session);
        try {
            if (retire) {
                PolicyVersion retired = policies.retire(purpose, actor);
                System.out.println("Purpose '" + purpose + "' retired (version " + retired.version() + "); its history is kept.");
                return null;
            }
            Map<String, String> changes = new LinkedHashMap<>();
            for (String setting : settings == null ? List.<String>of() : settings) {
                int equals = setting.indexOf('=');
                if (equals < 1) {
                    System.err.println("Not key=value: '" + setting + "'.");
                    return null;
                }
                changes.put(setting.substring(0, equals).trim(), setting.substring(equals + 1));
            }
            if (material && notMaterial) {
                System.err.println("A change is either --material or --not-material.");
                return null;
            }
            PolicyVersion version = policies.declare(purpose, changes, actor, material ? Boolean.TRUE : notMaterial ? Boolean.FALSE : null);
            System.out.println("Purpose '" + purpose + "' is at policy version " + version.version()
                    + (version.material() ? " (material: grants given under earlier versions no longer count)" : "") + ".");
        } catch (ConsentException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
