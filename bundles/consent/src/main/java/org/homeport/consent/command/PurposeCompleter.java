package org.homeport.consent.command;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.Purpose;

/** Completes declared purpose ids. */
@Service
public class PurposeCompleter implements Completer {

    @Reference
    Catalog catalog;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        catalog.purposes().stream().map(Purpose::id).sorted().forEach(ids.getStrings()::add);
        return ids.complete(session, commandLine, candidates);
    }
}
