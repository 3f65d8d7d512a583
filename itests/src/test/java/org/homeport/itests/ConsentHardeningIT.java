package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;

/**
 * Issue 11 on the real distribution: the consent gate holds what it cannot decide while the
 * consent store is gone (item 9), a policy cannot write the framework's keys (item 10), device
 * keys read only a subject's current state (item 14), and subjects obey the one identifier
 * limit (item 6).
 */
public class ConsentHardeningIT extends HomeportTestSupport {
    private static final String CORA = basic("cora", "cora-pw");
    private static final String AUDREY = basic("audrey", "audrey-pw");
    private static final String CACHED_RECORDS = "org.homeport.consent.internal.service.CachedConsentRecords";

    @Inject
    protected SessionFactory sessionFactory;

    @Before
    public void nodeIsUp() {
        awaitHealthy();
        awaitAdminApi();
        await("the consent API answers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> device("GET", "/consent/v1/subjects/probe", null).statusCode() == 200);
    }

    @Test
    public void whileTheConsentStoreIsGoneOptOutEventsOfObjectorsAreHeldAndHealthSaysWhy() throws Exception {
        String subject = uniqueId("objector");
        HttpResponse<String> denied = device("PUT", "/consent/v1/subjects/" + subject + "/purposes/crash-reports",
                "{\"state\":\"denied\"}");
        assertEquals(denied.body(), 201, denied.statusCode());
        String before = post(Batches.array(Batches.crashReport(uniqueId("c"), subject, "before"))).body();
        assertTrue(before, before.contains("consent-denied"));

        shell("scr:disable " + CACHED_RECORDS);
        try {
            String held = uniqueId("held");
            await("events of crash-reports with a subject are held back").atMost(Duration.ofSeconds(30))
                    .until(() -> post(Batches.array(Batches.crashReport(held, subject, "during"))).statusCode() == 503);
            HttpResponse<String> again = post(Batches.array(Batches.crashReport(held, subject, "during")));
            assertEquals(again.body(), 503, again.statusCode());
            assertTrue(again.body(), again.body().contains("consent-unavailable"));
            assertTrue("Retry-After", again.headers().firstValue("Retry-After").isPresent());
            assertFalse(again.body(), again.body().contains(subject));
            HttpResponse<String> health = get(management("/health"));
            assertEquals(health.body(), 503, health.statusCode());
            assertTrue(health.body(), health.body().contains("no consent store") && health.body().contains("'crash-reports'"));
            assertTrue(storedLinesContaining("crash-reports", held).isEmpty());
        } finally {
            shell("scr:enable " + CACHED_RECORDS);
        }
        awaitHealthy();
        String after = post(Batches.array(Batches.crashReport(uniqueId("c"), subject, "after"))).body();
        assertTrue(after, after.contains("consent-denied"));
    }

    @Test
    public void aPolicyCannotWriteFileInstallsKeysNorUndeclaredAnonymizerParameters() throws Exception {
        String purpose = "hardening-" + uniqueId("p").substring(2, 10);
        URI policy = admin("/admin/v1/purposes/" + purpose);
        Path demoKey = Paths.get(System.getProperty("karaf.etc"), "org.homeport.apikey-demo.cfg");
        String demoKeyBefore = Files.readString(demoKey);

        HttpResponse<String> declared = send("PUT", policy, CORA, "{\"legalBasis\":\"legitimate-interest\","
                + "\"consentDefault\":\"opt-out\",\"retention\":\"30d\",\"anonymizers\":[{\"name\":\"hmac\","
                + "\"parameters\":{\"fields\":\"subject\"}}]}");
        HttpResponse<String> fileInstall = send("PUT", policy, CORA, "{\"anonymizers\":[{\"name\":\"hmac\",\"parameters\":"
                + "{\"fields\":\"subject\",\"felix.fileinstall.filename\":\"" + demoKey.toUri() + "\"}}]}");
        HttpResponse<String> felix = send("PUT", policy, CORA, "{\"anonymizers\":[{\"name\":\"felix\",\"parameters\":"
                + "{\"fileinstall.filename\":\"" + demoKey.toUri() + "\"}}]}");
        HttpResponse<String> undeclared = send("PUT", policy, CORA, "{\"anonymizers\":[{\"name\":\"hmac\",\"parameters\":"
                + "{\"fields\":\"subject\",\"secret\":\"x\"}}]}");
        HttpResponse<String> notInstalled = send("PUT", policy, CORA, "{\"anonymizers\":[{\"name\":\"no-such-anonymizer\","
                + "\"parameters\":{\"fields\":\"subject\"}}]}");

        assertEquals(declared.body(), 200, declared.statusCode());
        for (HttpResponse<String> refused : new HttpResponse[] {fileInstall, felix, undeclared, notInstalled}) {
            assertEquals(refused.body(), 400, refused.statusCode());
            assertTrue(refused.body(), refused.body().contains("https://homeport.dev/problems/invalid-field"));
        }
        assertTrue(fileInstall.body(), fileInstall.body().contains("felix.fileinstall.filename"));
        assertTrue(undeclared.body(), undeclared.body().contains("secret"));
        assertTrue(notInstalled.body(), notInstalled.body().contains("not installed"));
        assertEquals(demoKeyBefore, Files.readString(demoKey));
        assertTrue(get(admin("/admin/v1/purposes/" + purpose + "/versions"), AUDREY).body().contains("\"version\":1"));
        awaitHealthy();
        send("DELETE", policy, CORA, null);
    }

    @Test
    public void aDeviceKeyReadsTheCurrentStateButNeverTheHistory() throws Exception {
        String subject = uniqueId("reader");
        device("PUT", "/consent/v1/subjects/" + subject + "/purposes/product-analytics", "{\"state\":\"granted\"}");

        HttpResponse<String> status = device("GET", "/consent/v1/subjects/" + subject, null);
        HttpResponse<String> history = device("GET", "/consent/v1/subjects/" + subject + "/history", null);
        HttpResponse<String> officer = get(admin("/admin/v1/tenants/demo/subjects/" + subject + "/consent/history"), AUDREY);

        assertEquals(status.body(), 200, status.statusCode());
        assertTrue(status.body(), status.body().contains("\"state\":\"granted\""));
        assertEquals(history.body(), 403, history.statusCode());
        assertTrue(history.body(), history.body().contains("https://homeport.dev/problems/forbidden"));
        assertEquals(officer.body(), 200, officer.statusCode());
        assertTrue(officer.body(), officer.body().contains("\"state\":\"granted\""));
    }

    @Test
    public void aSubjectOver255BytesIsABadRequestNotAServerError() throws Exception {
        String subject = "s".repeat(256);

        HttpResponse<String> put = device("PUT", "/consent/v1/subjects/" + subject + "/purposes/product-analytics",
                "{\"state\":\"granted\"}");
        HttpResponse<String> fits = device("PUT", "/consent/v1/subjects/" + "s".repeat(255) + "/purposes/product-analytics",
                "{\"state\":\"granted\"}");

        assertEquals(put.body(), 400, put.statusCode());
        assertTrue(put.body(), put.body().contains("https://homeport.dev/problems/identifier-too-long"));
        assertFalse(put.body(), put.body().contains(subject));
        assertEquals(fits.body(), 201, fits.statusCode());
    }

    private String shell(String command) throws Exception {
        return runShell(sessionFactory, command);
    }
}
