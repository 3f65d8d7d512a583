package org.homeport.journal.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.journal.api.DeadLetterView;
import org.homeport.journal.api.JournalOperationException;
import org.homeport.journal.api.JournalOperations;

@Command(scope = "homeport", name = "dead-letters",
        description = "Lists the events a sink refused for good (which, when and why; never their content), or "
                + "replays them to the sink with --replay")
@Service
public class DeadLettersCommand implements Action {

    @Reference
    JournalOperations journal;

    @Argument(index = 0, name = "sink", description = "The sink's name", required = true)
    String sink;

    @Option(name = "--max", description = "Most dead letters to list (1..10000)")
    int max = 100;

    @Option(name = "--replay", description = "Append them to the journal again for this sink, then remove them")
    boolean replay;

    @Override
    public Object execute() {
        try {
            if (replay) {
                int replayed = journal.replayDeadLetters(sink);
                System.out.println(replayed == 0 ? "Sink '" + sink + "' has no dead letters."
                        : "Replayed " + replayed + " dead letters to sink '" + sink + "'; homeport:backlog shows their delivery.");
                return null;
            }
            List<DeadLetterView> letters = journal.deadLetters(sink, max);
            if (letters.isEmpty()) {
                System.out.println("Sink '" + sink + "' has no dead letters.");
                return null;
            }
            ShellTable table = new ShellTable();
            table.column("#").alignRight();
            table.column("Refused at");
            table.column("Event id");
            table.column("Type");
            table.column("Purpose");
            table.column("Reason");
            for (DeadLetterView letter : letters) {
                table.addRow().addContent(letter.sequence(), letter.deadAt(), letter.eventId(), letter.type(),
                        letter.purpose(), letter.reason());
            }
            table.print(System.out);
        } catch (JournalOperationException e) {
            System.out.println("Error: " + e.getMessage());
        }
        return null;
    }
}
