package org.homeport.core.command;

import org.homeport.api.util.ConsoleText;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.Retentions;
import org.homeport.api.retention.SinkRetention;
import org.homeport.core.internal.retention.RetentionScheduler;

@Command(scope = "homeport", name = "retention-run",
        description = "Deletes now, in every sink that can, what is older than each purpose's retention, and shows per "
                + "purpose and sink what went and the oldest data still held")
@Service
public class RetentionRunCommand implements Action {

    @Reference
    RetentionScheduler retention;

    @Option(name = "--wait", description = "How long to wait for the sinks, in seconds")
    int waitSeconds = 60;

    @Override
    public Object execute() throws InterruptedException {
        List<PurposeRetention> runs;
        try {
            runs = retention.runOnce().get(waitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.out.println("Retention is still running after " + waitSeconds
                    + " s; GET /admin/v1/retention shows what it did once the sinks answer.");
            return null;
        } catch (ExecutionException e) {
            System.out.println(ConsoleText.sentence("retention failed: " + e.getCause()));
            return null;
        }
        if (runs.isEmpty()) {
            System.out.println("No purpose has a retention period: nothing to delete.");
            return null;
        }
        System.out.println(render(runs));
        return null;
    }

    /** One row per purpose and sink: what went in this run and the oldest data still held. */
    static String render(List<PurposeRetention> runs) {
        ShellTable table = new ShellTable();
        table.column("Purpose");
        table.column("Retention");
        table.column("Deleted before");
        table.column("Sink");
        table.column("Deleted");
        table.column("Events");
        table.column("Bytes");
        table.column("Oldest held");
        for (PurposeRetention run : runs) {
            for (SinkRetention sink : run.sinks()) {
                table.addRow().addContent(run.purpose() + (run.retired() ? " (retired)" : ""),
                        Retentions.inWords(run.retention()), run.cutoff().toString(), sink.sink(),
                        sink.failure() != null ? sink.failure() : sink.removed() + " " + sink.unit(),
                        count(sink.eventsRemoved()), count(sink.bytesRemoved()), held(sink));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        table.print(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        return out.toString(java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
    }

    private static String count(long value) {
        return value < 0 ? "?" : Long.toString(value);
    }

    private static String held(SinkRetention sink) {
        return switch (sink.held()) {
            case NONE -> "nothing held";
            case SOME -> sink.oldestHeld() == null ? "some" : sink.oldestHeld().toString();
            case UNKNOWN -> "unknown";
        };
    }

}
