package org.homeport.anonymizers.basic.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.anonymizers.basic.internal.HmacKeyRing;

@Command(scope = "hmac", name = "keys",
        description = "Lists the live HMAC pseudonym keys: which is current and when each retires (never the keys themselves)")
@Service
public class HmacKeysCommand implements Action {

    @Reference
    HmacKeyRing keyRing;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Key id");
        table.column("Since");
        table.column("State");
        table.column("Retires");
        for (HmacKeyRing.KeyInfo key : keyRing.keys()) {
            table.addRow().addContent(key.id(), key.start(), key.current() ? "current" : "live (lookups only)",
                    key.retiresAt() == null ? "-" : key.retiresAt());
        }
        table.print(System.out);
        System.out.println("Key files: " + keyRing.keyDirectory());
        return null;
    }
}
