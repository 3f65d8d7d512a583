package org.homeport.journal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.homeport.journal.api.JournalOperationException;
import org.homeport.journal.api.JournalOperations;

@Command(scope = "homeport", name = "replay",
        description = "Delivers a range of the journal to a sink again: the events bound for --source (by default the "
                + "sink itself) in sequences --from..--to that the journal still holds")
@Service
public class ReplayCommand implements Action {

    @Reference
    JournalOperations journal;

    @Argument(index = 0, name = "sink", description = "The sink that gets the events", required = true)
    String sink;

    @Option(name = "--from", description = "First sequence (default: the first the journal holds)")
    long from = -1;

    @Option(name = "--to", description = "Last sequence (default: the last the journal holds)")
    long to = -1;

    @Option(name = "--source", description = "Replay what was bound for this sink instead (e.g. to fill a new sink)")
    String source;

    @Option(name = "--max", description = "Most events to replay")
    long max = 1_000_000;

    @Override
    public Object execute() {
        JournalOperations.Range range = journal.range();
        if (range.first() > range.last()) {
            System.out.println("The journal holds no records: nothing to replay.");
            return null;
        }
        long first = from < 0 ? range.first() : from;
        long last = to < 0 ? range.last() : to;
        try {
            long replayed = journal.replay(sink, source == null ? sink : source, first, last, max);
            System.out.println("Appended " + replayed + " events of sequences " + first + ".." + last + " for sink '" + sink
                    + "'; homeport:backlog shows their delivery.");
        } catch (JournalOperationException e) {
            System.out.println("Error: " + e.getMessage());
        }
        return null;
    }
}
