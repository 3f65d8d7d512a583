package org.homeport.security.command;

import org.homeport.api.util.ConsoleText;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.security.api.ApiKeyInfo;
import org.homeport.security.api.ApiKeyManager;

@Command(scope = "homeport", name = "apikey-list", description = "Lists device API keys (never the keys themselves)")
@Service
public class ApiKeyListCommand implements Action {

    @Reference
    ApiKeyManager keys;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Key");
        table.column("Tenant");
        table.column("Purposes");
        table.column("Expires");
        table.column("Enabled");
        table.column("Rotation overlap until");
        table.column("Last used");
        for (ApiKeyInfo key : keys.list()) {
            table.addRow().addContent(key.name(), key.tenant(), ConsoleText.orAll(key.purposes()),
                    key.expires() == null ? "never" : key.expires().toString(), key.enabled() ? "yes" : "revoked",
                    key.overlapUntil() == null ? "-" : key.overlapUntil().toString(),
                    key.lastUsed() == null ? "not since start" : key.lastUsed().toString());
        }
        table.print(System.out);
        return null;
    }
}
