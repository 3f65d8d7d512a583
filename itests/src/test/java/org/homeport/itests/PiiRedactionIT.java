package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * A purpose whose policy requires pii-redact, on the real distribution: personal data anywhere in
 * an error report is redacted before it is stored, and look-alikes that fail validation are kept.
 */
public class PiiRedactionIT extends HomeportTestSupport {

    @Before
    public void nodeIsUp() throws Exception {
        awaitHealthy();
        Configuration purpose = configurationAdmin.getFactoryConfiguration("org.homeport.purpose", "support-logs", "?");
        purpose.update(new Hashtable<>(Map.of("legal.basis", "contract", "consent.default", "opt-out",
                "anonymizers", "pii-redact", "pii-redact.card.treatment", "mask")));
        Configuration type = configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", "support.log", "?");
        type.update(new Hashtable<>(Map.of("purposes", "support-logs", "fields", "message:string!, context:object")));
    }

    @Test
    public void personalDataInsideFreeTextIsRedactedBeforeItIsStored() throws Exception {
        String marker = UUID.randomUUID().toString();
        String event = "[{\"type\":\"support.log\",\"purpose\":\"support-logs\",\"source\":{\"product\":\"meet\"},"
                + "\"attributes\":{\"message\":\"" + marker + " payment by jane.doe@example.com with 4111 1111 1111 1111 "
                + "from 203.0.113.77 failed; IBAN DE89 3704 0044 0532 0130 00; order 1234567812345678; build 10.0.19045.2965\","
                + "\"context\":{\"url\":\"https://svc:hunter2@api.example.org/v1\",\"auth\":\"Bearer abcdefghijklmnopqrstuvwx\"}}}]";

        await("the purpose is declared with pii-redact").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(event).statusCode() == 200);

        List<String> stored = storedLinesContaining("support-logs", marker);
        assertEquals(1, stored.size());
        String line = stored.get(0);
        for (String secret : List.of("jane.doe@example.com", "4111 1111 1111 1111", "203.0.113.77",
                "DE89 3704 0044 0532 0130 00", "hunter2", "abcdefghijklmnopqrstuvwx")) {
            assertFalse(secret + " was stored: " + line, line.contains(secret));
        }
        assertTrue(line, line.contains("[email]") && line.contains("[ip]") && line.contains("[iban]"));
        assertTrue("the card is masked, its last four kept: " + line, line.contains("1111") && line.contains("*"));
        assertTrue("an order number failing Luhn is no card: " + line, line.contains("1234567812345678"));
        assertTrue("a version string is no IP address: " + line, line.contains("10.0.19045.2965"));
    }

    @Test
    public void aMisconfiguredPolicyHoldsEventsBackInsteadOfStoringThemUnredacted() throws Exception {
        Configuration purpose = configurationAdmin.getFactoryConfiguration("org.homeport.purpose", "support-logs", "?");
        Hashtable<String, Object> broken = new Hashtable<>(Map.of("legal.basis", "contract", "consent.default", "opt-out",
                "anonymizers", "pii-redact", "pii-redact.typez", "email"));
        purpose.update(broken);
        String marker = UUID.randomUUID().toString();
        String event = "[{\"type\":\"support.log\",\"purpose\":\"support-logs\",\"source\":{\"product\":\"meet\"},"
                + "\"attributes\":{\"message\":\"" + marker + " jane.doe@example.com\"}}]";

        // the answer itself, not only its status, so a timeout says what the node answered instead
        await("held back").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> {
                    HttpResponse<String> answer = post(event);
                    return answer.statusCode() + " " + answer.body();
                }, answer -> answer.startsWith("503 "));
        HttpResponse<String> health = get(management("/health"));
        assertTrue(health.body(), health.body().contains("pii-redact"));
        assertTrue(storedLinesContaining("support-logs", marker).isEmpty());
    }
}
