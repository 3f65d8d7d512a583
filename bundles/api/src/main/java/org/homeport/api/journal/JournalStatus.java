package org.homeport.api.journal;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** How much the journal holds and how far behind each sink is; answers from memory, at once. */
@ProviderType
public interface JournalStatus {

    /** Bytes of journal files on disk, plus what waits to be written. */
    long usedBytes();

    /** The most the journal may hold; beyond it appends are refused. */
    long quotaBytes();

    /** One entry per sink that has or had events in the journal, by sink name. */
    List<SinkBacklog> backlog();
}
