package org.homeport.security.command;

import org.homeport.api.util.ConsoleText;
import org.homeport.api.util.ConfigText;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.security.api.ApiKeyException;
import org.homeport.security.api.ApiKeyManager;
import org.homeport.security.api.IssuedApiKey;

@Command(scope = "homeport", name = "apikey-rotate",
        description = "Replaces a device API key with a new one; the old key keeps working for the overlap so devices can move over")
@Service
public class ApiKeyRotateCommand implements Action {

    @Reference
    ApiKeyManager keys;

    @Argument(index = 0, name = "name", description = "Id of the key", required = true)
    String name;

    @Option(name = "--overlap", description = "How long the old key stays valid: 7d, 12h, P14D (default 7d)")
    String overlap = "7d";

    @Override
    public Object execute() {
        try {
            IssuedApiKey issued = keys.rotate(name, ConfigText.duration(overlap));
            System.out.println("API key '" + name + "' rotated; the old key works until " + issued.info().overlapUntil()
                    + ". The new key, shown only now:");
            System.out.println(issued.key());
        } catch (ApiKeyException | IllegalArgumentException e) {
            System.err.println(ConsoleText.sentence(e.getMessage()));
        }
        return null;
    }
}
