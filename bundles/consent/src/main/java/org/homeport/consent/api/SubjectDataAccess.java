package org.homeport.consent.api;

import java.nio.file.Path;
import java.util.List;
import org.homeport.api.sink.SubjectQuery;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds and erases what every sink holds on a subject or device: the sinks that implement
 * {@code SubjectDataCapable} do it, the others are named in the report as unable. Blocks until
 * every sink answered or timed out; call it off event loops.
 */
@ProviderType
public interface SubjectDataAccess {

    /**
     * Exports into {@code directory}, one {@code <sink>.jsonl} per sink that found something. Several
     * queries cover one subject stored in several forms (raw, or pseudonymized per purpose).
     */
    SubjectDataReport export(List<SubjectQuery> queries, Path directory);

    /** Erases everywhere it can. */
    SubjectDataReport erase(List<SubjectQuery> queries);
}
