package org.homeport.consent.internal.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SubjectDataCapable;
import org.homeport.api.sink.SubjectQuery;
import org.homeport.consent.api.SubjectDataReport;
import org.homeport.consent.api.SubjectDataReport.Outcome;
import org.junit.jupiter.api.Test;

class SinkSubjectDataAccessTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<SubjectQuery> queries = List.of(new SubjectQuery("demo", "user-1", null, Set.of()));

    /** Erases by recording its name, or fails. */
    private final class Holder implements Sink, SubjectDataCapable {
        private final String name;
        private final boolean fails;

        Holder(String name, boolean fails) {
            this.name = name;
            this.fails = fails;
        }

        @Override
        public CompletionStage<Void> write(List<TelemetryEvent> batch) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Long> export(SubjectQuery query, Path into) {
            return CompletableFuture.completedFuture(0L);
        }

        @Override
        public CompletionStage<Long> erase(SubjectQuery query) {
            calls.add(name);
            return fails ? CompletableFuture.failedFuture(new java.io.IOException("disk")) : CompletableFuture.completedFuture(2L);
        }
    }

    @Test
    void theJournalIsErasedBeforeAnySinkAndListedInTheReport() {
        SinkSubjectDataAccess access = new SinkSubjectDataAccess();
        access.bindSink(new Holder("a-sink", false), Map.of(Sink.NAME_PROPERTY, "a-sink"));
        access.bindHolder(new Holder("journal", false), Map.of(SinkSubjectDataAccess.HOLDER_PROPERTY, "journal"));

        SubjectDataReport report = access.erase(queries);

        assertThat(calls).containsExactly("journal", "a-sink");
        assertThat(report.sinks()).extracting(SubjectDataReport.SinkResult::sink).containsExactly("a-sink", "journal");
        assertThat(report.events()).isEqualTo(4);
        assertThat(report.complete()).isTrue();
    }

    @Test
    void aJournalThatFailsToEraseMakesTheReceiptIncompleteButTheSinksAreStillErased() {
        SinkSubjectDataAccess access = new SinkSubjectDataAccess();
        access.bindSink(new Holder("file", false), Map.of(Sink.NAME_PROPERTY, "file"));
        access.bindHolder(new Holder("journal", true), Map.of(SinkSubjectDataAccess.HOLDER_PROPERTY, "journal"));

        SubjectDataReport report = access.erase(queries);

        assertThat(calls).containsExactly("journal", "file");
        assertThat(report.complete()).isFalse();
        assertThat(report.sinks()).filteredOn(result -> result.sink().equals("journal")).singleElement()
                .extracting(SubjectDataReport.SinkResult::outcome).isEqualTo(Outcome.FAILED);
    }

    @Test
    void aSinkNamedLikeAHolderIsStillAsked() {
        SinkSubjectDataAccess access = new SinkSubjectDataAccess();
        access.bindSink(new Holder("sink journal", false), Map.of(Sink.NAME_PROPERTY, "journal"));
        access.bindHolder(new Holder("holder journal", false), Map.of(SinkSubjectDataAccess.HOLDER_PROPERTY, "journal"));

        access.erase(queries);

        assertThat(calls).containsExactly("holder journal", "sink journal");
    }
}
