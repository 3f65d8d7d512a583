package org.homeport.receiver.http.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.Intake;
import org.homeport.api.intake.Submission;

/** Records what it is given and answers, like the core, from another thread. */
final class RecordingIntake implements Intake {
    private final List<Submission> submissions = new CopyOnWriteArrayList<>();
    private final Executor otherThread;
    private volatile Function<Submission, List<EventOutcome>> answer = RecordingIntake::acceptAll;
    private volatile RuntimeException failure;

    RecordingIntake(Executor otherThread) {
        this.otherThread = otherThread;
    }

    @Override
    public CompletionStage<List<EventOutcome>> submit(Submission submission) {
        submissions.add(submission);
        RuntimeException fail = failure;
        Function<Submission, List<EventOutcome>> outcomes = answer;
        return CompletableFuture.supplyAsync(() -> {
            if (fail != null) {
                throw fail;
            }
            return outcomes.apply(submission);
        }, otherThread);
    }

    void answerWith(Function<Submission, List<EventOutcome>> outcomes) {
        this.answer = outcomes;
    }

    void failWith(RuntimeException exception) {
        this.failure = exception;
    }

    List<Submission> submissions() {
        return submissions;
    }

    List<TelemetryEvent> events() {
        return submissions.stream().flatMap(s -> s.events().stream()).toList();
    }

    static List<EventOutcome> acceptAll(Submission submission) {
        List<TelemetryEvent> events = submission.events();
        return java.util.stream.IntStream.range(0, events.size())
                .mapToObj(i -> EventOutcome.accepted(i, events.get(i).id()))
                .toList();
    }
}
