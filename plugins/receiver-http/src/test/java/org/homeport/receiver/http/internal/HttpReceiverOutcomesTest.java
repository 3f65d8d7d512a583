package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.homeport.api.intake.EventOutcome;
import org.homeport.api.intake.IntakeBusyException;
import org.junit.jupiter.api.Test;

class HttpReceiverOutcomesTest extends ReceiverTestSupport {

    private static final String TWO_EVENTS = "[" + event("o-1") + "," + event("o-2") + "]";

    @Test
    void deferredOutcomeAnswers503WithRetryAfterAndTheResults() {
        intake.answerWith(s -> List.of(EventOutcome.accepted(0, "o-1"),
                EventOutcome.deferred(1, "o-2", "sink-unavailable", "the archive sink is down")));

        TestClient.Reply reply = client.postJson(TWO_EVENTS);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers().get("Retry-After")).isEqualTo("1");
        assertThat(reply.json().getInteger("accepted")).isEqualTo(1);
        assertThat(reply.json().getInteger("deferred")).isEqualTo(1);
        assertThat(reply.errors().getJsonObject(0).getMap()).containsEntry("index", 1).containsEntry("id", "o-2")
                .containsEntry("status", "DEFERRED").containsEntry("reason", "sink-unavailable");
    }

    @Test
    void droppedEventsAnswer200AndAreListedWithoutNullFields() {
        intake.answerWith(s -> List.of(EventOutcome.dropped(0, "o-1", "no-consent-on-record"),
                EventOutcome.accepted(1, "o-2")));

        TestClient.Reply reply = client.postJson(TWO_EVENTS);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getInteger("dropped")).isEqualTo(1);
        assertThat(reply.errors().getJsonObject(0).fieldNames())
                .containsExactlyInAnyOrder("index", "id", "status", "reason");
    }

    @Test
    void receiverAndIntakeOutcomesAreMergedByOriginalIndex() {
        intake.answerWith(s -> List.of(EventOutcome.accepted(0, "o-1"),
                EventOutcome.rejected(1, "o-3", "unknown-purpose", "purpose is not declared")));

        TestClient.Reply reply = client.postJson("[" + event("o-1") + ",{\"id\":\"o-2\"}," + event("o-3") + "]");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.errors()).hasSize(2);
        assertThat(reply.errors().getJsonObject(0).getMap()).containsEntry("index", 1).containsEntry("id", "o-2")
                .containsEntry("reason", "invalid-event");
        assertThat(reply.errors().getJsonObject(1).getMap()).containsEntry("index", 2).containsEntry("id", "o-3")
                .containsEntry("reason", "unknown-purpose");
    }

    @Test
    void everyEventInvalidAnswers422ProblemWithErrorsAndSubmitsNothing() {
        TestClient.Reply reply = client.postJson("[{\"type\":\"t\"},42]");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.headers().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.problemType()).isEqualTo("https://homeport.dev/problems/events-rejected");
        assertThat(reply.json().getInteger("status")).isEqualTo(422);
        assertThat(reply.errors()).hasSize(2);
        assertThat(reply.errors().getJsonObject(1).getString("detail")).isEqualTo("an event must be a JSON object");
        assertThat(intake.submissions()).isEmpty();
        assertStillServes();
    }

    @Test
    void intakeRejectingEveryEventAnswers422() {
        intake.answerWith(s -> List.of(EventOutcome.rejected(0, "o-1", "unknown-type", null),
                EventOutcome.rejected(1, "o-2", "unknown-type", null)));

        TestClient.Reply reply = client.postJson(TWO_EVENTS);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errors()).hasSize(2);
    }

    @Test
    void busyIntakeAnswers429WithRetryAfterFromTheException() {
        intake.failWith(new IntakeBusyException("queues full", Duration.ofMillis(6500)));

        TestClient.Reply reply = client.postJson(TWO_EVENTS);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.headers().get("Retry-After")).isEqualTo("7");
        assertThat(reply.problemType()).isEqualTo("https://homeport.dev/problems/overloaded");
    }

    @Test
    void failingIntakeAnswers500WithAGenericDetail() {
        intake.failWith(new IllegalStateException("journal disk full at /var/lib/x"));

        TestClient.Reply reply = client.postJson(TWO_EVENTS);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.problemType()).isEqualTo("https://homeport.dev/problems/internal-error");
        assertThat(reply.body()).doesNotContain("journal");
        intake.failWith(null);
        assertStillServes();
    }
}
