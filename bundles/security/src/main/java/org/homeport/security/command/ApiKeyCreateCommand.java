package org.homeport.security.command;

import org.homeport.api.util.ConsoleText;
import org.homeport.api.util.ConfigText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.security.api.ApiKeyException;
import org.homeport.security.api.ApiKeyManager;
import org.homeport.security.api.IssuedApiKey;

@Command(scope = "homeport", name = "apikey-create",
        description = "Creates a device API key; the key is shown once, only its hash is stored (etc/org.homeport.apikey-<name>.cfg)")
@Service
public class ApiKeyCreateCommand implements Action {

    @Reference
    ApiKeyManager keys;

    @Argument(index = 0, name = "name", description = "Id of the key, e.g. the device fleet it is for", required = true)
    String name;

    @Option(name = "--tenant", description = "Tenant the key writes for", required = true)
    String tenant;

    @Option(name = "--purposes", description = "Comma-separated purposes it may send; all if omitted")
    String purposes;

    @Option(name = "--expires", description = "ISO-8601 instant after which it is refused")
    String expires;

    @Override
    public Object execute() {
        Instant expiry;
        try {
            expiry = expires == null ? null : Instant.parse(expires);
        } catch (DateTimeParseException e) {
            System.err.println("--expires must be an ISO-8601 instant, e.g. 2027-12-31T00:00:00Z.");
            return null;
        }
        Set<String> allowed = new LinkedHashSet<>(ConfigText.list(purposes));
        try {
            IssuedApiKey issued = keys.create(name, tenant, allowed, expiry);
            System.out.println("API key '" + name + "' for tenant '" + tenant + "' created. It is shown only now:");
            System.out.println(issued.key());
        } catch (ApiKeyException e) {
            System.err.println(ConsoleText.sentence(e.getMessage()));
        }
        return null;
    }
}
