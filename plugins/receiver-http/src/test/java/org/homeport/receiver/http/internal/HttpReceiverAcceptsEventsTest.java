package org.homeport.receiver.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.intake.Submission;
import org.junit.jupiter.api.Test;

class HttpReceiverAcceptsEventsTest extends ReceiverTestSupport {

    @Test
    void jsonArrayIsSubmittedFieldByFieldWithTenantFromTheCredential() {
        TestClient.Reply reply = client.postJson("""
                [{"id":"e-1","type":"app.error","purpose":"crash-reports","time":"2026-11-23T10:00:00Z",
                  "source":{"product":"meet","version":"45.3.1","device":"d-8842"},"subject":"user-4711",
                  "attributes":{"code":42,"ratio":0.5,"huge":123456789012345678901234567890,"ok":true,
                                "none":null,"tags":["a",1],"nested":{"k":"v"}}},
                 {"type":"app.start","purpose":"product-analytics","source":{"product":"meet"}}]""");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(reply.json()).isEqualTo(new JsonObject(
                "{\"accepted\":2,\"dropped\":0,\"rejected\":0,\"deferred\":0,\"errors\":[]}"));

        assertThat(intake.submissions()).hasSize(1);
        Submission submission = intake.submissions().get(0);
        assertThat(submission.receiver()).isEqualTo("http");
        assertThat(submission.principal()).isEqualTo(DEVICE);
        TelemetryEvent first = submission.events().get(0);
        assertThat(first.id()).isEqualTo("e-1");
        assertThat(first.tenant()).isEqualTo("tenant-a");
        assertThat(first.type()).isEqualTo("app.error");
        assertThat(first.purpose()).isEqualTo("crash-reports");
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(first.source()).isEqualTo(new Source("meet", "45.3.1", "d-8842"));
        assertThat(first.subject()).isEqualTo("user-4711");
        assertThat(first.attributes())
                .containsEntry("code", 42L)
                .containsEntry("ratio", 0.5)
                .containsEntry("huge", new BigDecimal("123456789012345678901234567890"))
                .containsEntry("ok", true)
                .containsEntry("none", null)
                .containsEntry("tags", List.of("a", 1L))
                .containsEntry("nested", Map.of("k", "v"));

        TelemetryEvent second = submission.events().get(1);
        assertThat(second.id()).isNotBlank().isNotEqualTo("e-1");
        assertThat(second.subject()).isNull();
        assertThat(second.source()).isEqualTo(new Source("meet", null, null));
        assertThat(second.attributes()).isEmpty();
        assertThat(second.occurredAt()).isEqualTo(second.receivedAt()).isEqualTo(first.receivedAt());
    }

    @Test
    void ndjsonEventsAreSubmittedInOrder() {
        TestClient.Reply reply = client.post(event("n-1") + "\n" + event("n-2") + "\n" + event("n-3") + "\n",
                Map.of("X-Api-Key", TestClient.KEY, "Content-Type", "application/x-ndjson; charset=utf-8"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(intake.events()).extracting(TelemetryEvent::id).containsExactly("n-1", "n-2", "n-3");
    }

    @Test
    void gzipBodyIsInflatedAndAccepted() {
        byte[] body = TestClient.gzip(TestClient.bytes("[" + event("g-1") + "," + event("g-2") + "]"));

        TestClient.Reply reply = client.post(io.vertx.core.http.HttpMethod.POST, "/v1/events", body,
                Map.of("X-Api-Key", TestClient.KEY, "Content-Type", "application/json", "Content-Encoding", "gzip"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(intake.events()).extracting(TelemetryEvent::id).containsExactly("g-1", "g-2");
    }

    @Test
    void bearerTokenIsTakenAsTheApiKey() {
        TestClient.Reply reply = client.post("[" + event("b-1") + "]",
                Map.of("Authorization", "Bearer " + TestClient.KEY, "Content-Type", "application/json"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(intake.events()).extracting(TelemetryEvent::id).containsExactly("b-1");
    }

    @Test
    void invalidEventIsReportedWhileTheOthersAreSubmitted() {
        TestClient.Reply reply = client.postJson("[" + event("ok-1") + ","
                + "{\"id\":\"bad-1\",\"type\":\"app.start\",\"source\":{\"product\":\"meet\"}},"
                + event("ok-2") + "]");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().getInteger("accepted")).isEqualTo(2);
        assertThat(reply.json().getInteger("rejected")).isEqualTo(1);
        assertThat(reply.errors().getJsonObject(0)).isEqualTo(new JsonObject()
                .put("index", 1).put("id", "bad-1").put("status", "REJECTED")
                .put("reason", "invalid-event").put("detail", "field 'purpose' is required"));
        assertThat(intake.events()).extracting(TelemetryEvent::id).containsExactly("ok-1", "ok-2");
    }

    @Test
    void tenantInTheBodyIsRefusedAndNeverTaken() {
        TestClient.Reply reply = client.postJson("[" + event("ok") + ","
                + "{\"type\":\"t\",\"purpose\":\"p\",\"tenant\":\"someone-else\",\"source\":{\"product\":\"x\"}}]");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.errors().getJsonObject(0).getString("detail")).isEqualTo("unknown field 'tenant'");
        assertThat(intake.events()).extracting(TelemetryEvent::tenant).containsExactly("tenant-a");
    }

    @Test
    void detailsNameTheFieldButNeverQuoteItsValue() {
        TestClient.Reply reply = client.postJson("[" + event("ok") + ","
                + "{\"type\":\"t\",\"purpose\":\"p\",\"time\":\"secret-value\",\"source\":{\"product\":\"x\"}}]");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("'time'").doesNotContain("secret-value");
    }

    @Test
    void requestsAndEventsPerRequestAreMetered() {
        client.postJson("[" + event("m-1") + "," + event("m-2") + "]");
        client.post("[]", Map.of("Content-Type", "application/json"));

        await().untilAsserted(() -> {
            assertThat(registry.get(ReceiverMetrics.REQUESTS).tags("receiver", "http", "status", "200").counter()
                    .count()).isEqualTo(1.0);
            assertThat(registry.get(ReceiverMetrics.REQUESTS).tags("receiver", "http", "status", "401").counter()
                    .count()).isEqualTo(1.0);
        });
        assertThat(registry.get(ReceiverMetrics.REQUEST_EVENTS).summary().totalAmount()).isEqualTo(2.0);
    }

    @Test
    void backendWithAnAccessTokenWritesForTheTokensTenant() {
        TestClient.Reply reply = client.post("[" + event("by-token") + "]",
                Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(intake.events()).singleElement().satisfies(event -> assertThat(event.tenant()).isEqualTo("tenant-b"));
    }

    @Test
    void unknownAccessTokenIsUnauthorized() {
        TestClient.Reply reply = client.post("[" + event("bad-token") + "]",
                Map.of("Authorization", "Bearer aaa.bbb.ccc", "Content-Type", "application/json"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(intake.events()).isEmpty();
        assertStillServes();
    }

    @Test
    void validTokenWithoutTheWriterRoleIsForbiddenAndSaysWhy() {
        TestClient.Reply reply = client.post("[" + event("person-token") + "]",
                Map.of("Authorization", "Bearer " + MapAuthenticator.PERSON_TOKEN, "Content-Type", "application/json"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().getString("type")).isEqualTo("https://homeport.dev/problems/forbidden");
        assertThat(reply.json().getString("detail")).contains("telemetry-writer");
        assertThat(intake.events()).isEmpty();
        assertStillServes();
    }
}
