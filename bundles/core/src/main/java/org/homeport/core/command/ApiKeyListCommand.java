package org.homeport.core.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.core.internal.auth.ApiKeyAuthenticator;
import org.homeport.core.internal.auth.ApiKeyConfiguration;

@Command(scope = "homeport", name = "apikey-list", description = "Lists device API keys (never the keys themselves)")
@Service
public class ApiKeyListCommand implements Action {

    @Reference
    ApiKeyAuthenticator authenticator;

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
        for (ApiKeyConfiguration.Entry key : authenticator.keys()) {
            table.addRow().addContent(key.id(), key.tenant(), Text.orAll(key.purposes()),
                    key.expires() == null ? "never" : key.expires().toString(), key.enabled() ? "yes" : "revoked",
                    key.previousExpires() == null ? "-" : key.previousExpires().toString(),
                    authenticator.lastUsed(key.id()).map(Object::toString).orElse("not since start"));
        }
        table.print(System.out);
        return null;
    }
}
