package org.homeport.journal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.api.journal.JournalStatus;
import org.homeport.api.journal.SinkBacklog;
import org.homeport.journal.api.JournalOperations;

@Command(scope = "homeport", name = "backlog",
        description = "Shows how full the journal is and, per sink, what waits for it and what it refused")
@Service
public class BacklogCommand implements Action {

    @Reference
    JournalStatus journal;

    @Reference
    JournalOperations operations;

    @Override
    public Object execute() {
        JournalOperations.Range range = operations.range();
        System.out.println("Journal: " + journal.usedBytes() / (1024 * 1024) + " of " + journal.quotaBytes() / (1024 * 1024)
                + " MiB used; sequences " + (range.first() > range.last() ? "none" : range.first() + ".." + range.last()));
        ShellTable table = new ShellTable();
        table.column("Sink");
        table.column("State");
        table.column("Events").alignRight();
        table.column("Bytes").alignRight();
        table.column("Oldest (s)").alignRight();
        table.column("Dead letters").alignRight();
        table.column("Last error");
        for (SinkBacklog backlog : journal.backlog()) {
            table.addRow().addContent(backlog.sink(), backlog.state(), backlog.events(), backlog.bytes(),
                    backlog.oldest().toSeconds(), backlog.deadLetters(), backlog.lastError() == null ? "" : backlog.lastError());
        }
        table.print(System.out);
        return null;
    }
}
