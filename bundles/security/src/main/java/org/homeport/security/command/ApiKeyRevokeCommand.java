package org.homeport.security.command;

import org.homeport.api.util.ConsoleText;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.security.api.ApiKeyException;
import org.homeport.security.api.ApiKeyManager;

@Command(scope = "homeport", name = "apikey-revoke", description = "Revokes a device API key at once")
@Service
public class ApiKeyRevokeCommand implements Action {

    @Reference
    ApiKeyManager keys;

    @Argument(index = 0, name = "name", description = "Id of the key", required = true)
    String name;

    @Override
    public Object execute() {
        try {
            keys.revoke(name);
            System.out.println("API key '" + name + "' revoked.");
        } catch (ApiKeyException e) {
            System.err.println(ConsoleText.sentence(e.getMessage()));
        }
        return null;
    }
}
