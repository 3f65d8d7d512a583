package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * Consent end to end on the real distribution: the consent API with the demo device key, the
 * gate on the HTTP receiver, the file sink, data-subject requests and the audit trail.
 */
public class ConsentIT extends HomeportTestSupport {
    private static final String CORA = basic("cora", "cora-pw");
    private static final String DORA = basic("dora", "dora-pw");
    private static final String AUDREY = basic("audrey", "audrey-pw");
    /** What the consent store's H2 URL is made of (H2Connections); the same URL shares the open database. */
    private static final String CONSENT_H2_URL_PREFIX = "jdbc:h2:file:";
    private static final String CONSENT_H2_URL_SUFFIX = ";DB_CLOSE_ON_EXIT=FALSE;AUTO_SERVER=FALSE;LOCK_TIMEOUT=10000";

    @Inject
    protected SessionFactory sessionFactory;

    @Before
    public void nodeIsUp() {
        awaitHealthy();
        awaitAdminApi();
        await("the consent API answers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> consentStatus("probe").statusCode() == 200);
    }

    /**
     * Thousands of subjects of an opt-in purpose: only granted subjects' events are stored, and
     * after a withdrawal is acknowledged not one more event of that subject is, while other
     * subjects' traffic goes on at the same time.
     */
    @Test
    public void optInKeepsOnlyGrantedSubjectsAndAWithdrawalStopsTheNextEvent() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int subjects = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> grants = new ArrayList<>();
            for (int i = 0; i < subjects; i += 2) {
                int n = i;
                grants.add(pool.submit(() -> {
                    assertRecorded(consent(subject(run, n), "product-analytics", "granted", run + "-g-" + n));
                    return null;
                }));
            }
            for (Future<?> grant : grants) {
                grant.get();
            }
            for (int from = 0; from < subjects; from += 500) {
                sendUsage(run, from, from + 500, "before");
            }

            // Withdraw every fourth subject while every subject keeps sending; each withdrawer sends one
            // event of its subject right after the withdrawal was acknowledged.
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t * 4;
                work.add(pool.submit(() -> {
                    for (int n = first; n < subjects; n += 16) {
                        assertRecorded(consent(subject(run, n), "product-analytics", "withdrawn", run + "-w-" + n));
                        HttpResponse<String> after = post(usage(run, n, "after"));
                        assertEquals(after.body(), 200, after.statusCode());
                        assertTrue(after.body(), after.body().contains("consent-withdrawn"));
                    }
                    return null;
                }));
                int offset = t;
                work.add(pool.submit(() -> {
                    for (int from = offset * 500; from < (offset + 1) * 500; from += 100) {
                        sendUsage(run, from, from + 100, "during");
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Integer> stored = new HashMap<>();
        Pattern marker = Pattern.compile("\"feature\":\"" + run + "\\|(\\d+)\\|(\\w+)\"");
        for (String line : storedLinesContaining("product-analytics", run + "|")) {
            Matcher found = marker.matcher(line);
            assertTrue(line, found.find());
            stored.merge(found.group(1) + "|" + found.group(2), 1, Integer::sum);
        }
        for (int n = 0; n < subjects; n++) {
            boolean granted = n % 2 == 0;
            boolean withdrawn = n % 4 == 0;
            assertEquals("subject " + n + " before", granted ? 1 : 0, (int) stored.getOrDefault(n + "|before", 0));
            assertEquals("subject " + n + " after its withdrawal", 0, (int) stored.getOrDefault(n + "|after", 0));
            if (!granted) {
                assertEquals("subject " + n + " never granted", 0, (int) stored.getOrDefault(n + "|during", 0));
            } else if (!withdrawn) {
                assertEquals("subject " + n + " granted throughout", 1, (int) stored.getOrDefault(n + "|during", 0));
            }
        }
    }

    @Test
    public void repeatingARequestIdChangesNothingAndReusingItOtherwiseIsAConflict() throws Exception {
        String subject = "idem-" + UUID.randomUUID();
        HttpResponse<String> first = consent(subject, "product-analytics", "granted", "req-" + subject);
        HttpResponse<String> again = consent(subject, "product-analytics", "granted", "req-" + subject);
        HttpResponse<String> reused = consent(subject, "product-analytics", "withdrawn", "req-" + subject);

        assertEquals(first.body(), 201, first.statusCode());
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals(seq(first.body()), seq(again.body()));
        assertEquals(reused.body(), 409, reused.statusCode());
        assertTrue(reused.body().contains("https://homeport.dev/problems/request-id-reused"));
        assertTrue("the grant comes with a consent receipt", first.body().contains("\"piiPrincipalId\":\"" + subject + "\""));
        String history = get(admin("/admin/v1/tenants/demo/subjects/" + subject + "/consent/history"), AUDREY).body();
        assertEquals(history, 1, count(history, "\"state\":\"granted\""));
    }

    /** Consent recorded elsewhere, imported as JSON lines, is in force for the gate at once; re-importing changes nothing. */
    @Test
    public void importedConsentIsInForceAndReimportingChangesNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String lines = "{\"subject\":\"" + subject(run, 1) + "\",\"purpose\":\"product-analytics\",\"state\":\"granted\"}\n"
                + "{\"subject\":\"" + subject(run, 2) + "\",\"purpose\":\"product-analytics\",\"state\":\"denied\"}\n"
                + "{\"subject\":\"" + subject(run, 3) + "\",\"purpose\":\"no-such-purpose\",\"state\":\"granted\"}\n"
                // chosen before the purpose had a policy: no version to stamp it with
                + "{\"subject\":\"" + subject(run, 4) + "\",\"purpose\":\"product-analytics\",\"state\":\"granted\","
                + "\"recordedAt\":\"2020-01-01T00:00:00Z\"}\n";
        URI importUri = admin("/admin/v1/tenants/demo/consent/import");

        HttpResponse<String> first = importLines(importUri, CORA, lines);
        HttpResponse<String> again = importLines(importUri, CORA, lines);

        assertEquals(first.body(), 200, first.statusCode());
        assertTrue(first.body(), first.body().contains("\"imported\":2") && first.body().contains("\"rejected\":2")
                && first.body().contains("had no policy version in force at 2020-01-01T00:00:00Z"));
        assertTrue(again.body(), again.body().contains("\"imported\":0") && again.body().contains("\"alreadyPresent\":2"));
        String outcome = post("[" + usageEvent(run, 1, "imported") + "," + usageEvent(run, 2, "imported") + "]").body();
        assertTrue(outcome, outcome.contains("\"accepted\":1") && outcome.contains("consent-denied"));
        String statistics = get(admin("/admin/v1/purposes/product-analytics/statistics"), AUDREY).body();
        assertTrue(statistics, statistics.contains("\"current\""));
    }

    /** A compliance officer declares, changes and retires a purpose; each change is a version with its author. */
    @Test
    public void policiesChangedOverTheAdminApiAreVersionedAuditedAndRetired() throws Exception {
        String purpose = "feedback-" + UUID.randomUUID().toString().substring(0, 8);
        URI policy = admin("/admin/v1/purposes/" + purpose);
        HttpResponse<String> declared = send("PUT", policy, CORA, "{\"description\":\"What you think of beta features\","
                + "\"legalBasis\":\"consent\",\"consentDefault\":\"opt-in\",\"retention\":\"90d\"}", null);
        HttpResponse<String> changed = send("PUT", policy, CORA, "{\"retention\":\"30d\"}", null);
        HttpResponse<String> unchanged = send("PUT", policy, CORA, "{\"retention\":\"30d\"}", null);

        assertTrue(declared.body(), declared.statusCode() == 200 && declared.body().contains("\"version\":1"));
        assertTrue(changed.body(), changed.body().contains("\"version\":2") && changed.body().contains("\"recordedBy\":\"user:cora\""));
        assertTrue(unchanged.body(), unchanged.body().contains("\"version\":2"));
        assertProblem(send("PUT", policy, CORA, "{\"consentDefault\":\"opt-out\"}", null), 400, "invalid-field");
        assertProblem(send("PUT", policy, AUDREY, "{\"retention\":\"1d\"}", null), 403, "forbidden");
        await("the purpose is declared").atMost(Duration.ofSeconds(30))
                .until(() -> consentStatus("probe").body().contains("\"purpose\":\"" + purpose + "\""));
        HttpResponse<String> grant = consent("u-" + purpose, purpose, "granted", null);
        assertTrue(grant.body(), grant.statusCode() == 201 && grant.body().contains("\"policyVersion\":2"));

        String inUse = get(admin("/admin/v1/purposes/" + purpose + "/versions"), AUDREY).body();
        assertTrue(inUse, inUse.indexOf("\"status\":\"superseded\"") < inUse.indexOf("\"status\":\"in-force\"")
                && count(inUse, "\"status\":\"in-force\"") == 1 && !inUse.contains("\"status\":\"active\""));

        HttpResponse<String> retired = send("DELETE", policy, CORA, null, null);
        assertTrue(retired.body(), retired.body().contains("\"status\":\"retired\"") && retired.body().contains("\"version\":3"));
        String versions = get(admin("/admin/v1/purposes/" + purpose + "/versions"), AUDREY).body();
        assertEquals(versions, 3, count(versions, "\"version\":"));
        assertEquals(versions, 0, count(versions, "\"status\":\"in-force\""));
        assertTrue(auditTrail().contains("\"actor\":\"user:cora\",\"action\":\"policy.version\",\"target\":\"" + purpose + "\""));
        await("the purpose is no longer declared").atMost(Duration.ofSeconds(30))
                .until(() -> !consentStatus("probe").body().contains("\"purpose\":\"" + purpose + "\""));
        assertProblem(consent("u-" + purpose, purpose, "withdrawn", null), 409, "retired-purpose");
    }

    /**
     * A material policy change ends the grants given under earlier versions until the subject
     * consents again; so does bringing a retired purpose back. Objections are never outdated.
     */
    @Test
    public void materialChangesAndRevivalEndEarlierGrantsUntilTheSubjectConsentsAgain() throws Exception {
        String purpose = "survey-" + UUID.randomUUID().toString().substring(0, 8);
        String type = purpose + ".answer";
        String subject = "s-" + purpose;
        URI policy = admin("/admin/v1/purposes/" + purpose);
        String declaration = "{\"description\":\"Answers to our survey\",\"legalBasis\":\"consent\","
                + "\"consentDefault\":\"opt-in\",\"retention\":\"30d\",\"dataCategories\":[\"answer\"]}";
        assertEquals(200, send("PUT", policy, CORA, declaration, null).statusCode());
        Configuration typeConfig = configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", type, "?");
        typeConfig.update(new Hashtable<>(Map.of("purposes", purpose, "fields", "answer:string")));
        String answer = event(subject, type, purpose, "{\"answer\":\"yes\"}");
        await("the purpose takes events").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(answer).body().contains("no-consent-on-record"));

        assertRecorded(consent(subject, purpose, "granted", null));
        assertTrue(post(answer).body().contains("\"accepted\":1"));

        HttpResponse<String> material = send("PUT", policy, CORA, "{\"dataCategories\":[\"answer\",\"location\"]}", null);
        assertTrue(material.body(), material.body().contains("\"version\":2") && material.body().contains("\"material\":true"));
        String dropped = post(answer).body();
        assertTrue(dropped, dropped.contains("\"dropped\":1") && dropped.contains("consent-outdated"));
        String status = consentStatus(subject).body();
        assertTrue(status, status.contains("\"purpose\":\"" + purpose + "\",\"state\":\"granted\",\"effective\":\"outdated\","
                + "\"reason\":\"consent-outdated\",\"policyVersion\":1,\"policyVersionInForce\":2"));

        HttpResponse<String> again = consent(subject, purpose, "granted", null);
        assertTrue(again.body(), again.body().contains("\"policyVersion\":2,\"policyVersionInForce\":2"));
        assertTrue(post(answer).body().contains("\"accepted\":1"));

        HttpResponse<String> wording = send("PUT", policy, CORA, "{\"description\":\"Your answers to our survey\"}", null);
        assertTrue(wording.body(), wording.body().contains("\"version\":3") && wording.body().contains("\"material\":false"));
        assertTrue(post(answer).body().contains("\"accepted\":1"));
        HttpResponse<String> declared = send("PUT", policy, CORA, "{\"description\":\"Survey answers\",\"material\":true}", null);
        assertTrue(declared.body(), declared.body().contains("\"version\":4") && declared.body().contains("\"material\":true"));
        assertTrue(post(answer).body().contains("consent-outdated"));
        assertRecorded(consent(subject, purpose, "granted", null));

        // retired and brought back: the grant given before the retirement does not count
        assertEquals(200, send("DELETE", policy, CORA, null, null).statusCode());
        await("the purpose is retired").atMost(Duration.ofSeconds(30))
                .until(() -> !consentStatus("probe").body().contains("\"purpose\":\"" + purpose + "\""));
        assertProblem(consent(subject, purpose, "granted", null), 409, "retired-purpose");
        HttpResponse<String> revived = send("PUT", policy, CORA, declaration + "", null);
        assertTrue(revived.body(), revived.body().contains("\"version\":6") && revived.body().contains("\"material\":true")
                && revived.body().contains("\"status\":\"in-force\""));
        await("the purpose is declared again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(answer).body().contains("consent-outdated"));
        assertTrue(consentStatus(subject).body().contains("\"effective\":\"outdated\""));

        String versions = get(admin("/admin/v1/purposes/" + purpose + "/versions"), AUDREY).body();
        assertEquals(versions, 1, count(versions, "\"status\":\"in-force\""));
        assertEquals(versions, 1, count(versions, "\"status\":\"retired\""));
        assertEquals(versions, 4, count(versions, "\"status\":\"superseded\""));
        assertTrue(auditTrail().contains("\"material\":true"));
    }

    /** Sinks delete whole UTC days in an hourly run: a retention shorter than a day is refused, not accepted. */
    @Test
    public void aRetentionShorterThanADayIsRefusedOverTheApiAndReportedFromAnEtcFile() throws Exception {
        String purpose = "brief-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> refused = send("PUT", admin("/admin/v1/purposes/" + purpose), CORA,
                "{\"legalBasis\":\"contract\",\"consentDefault\":\"opt-out\",\"retention\":\"10s\"}", null);
        assertProblem(refused, 400, "invalid-field");
        assertTrue(refused.body(), refused.body().contains("10 seconds is shorter than 1 day"));
        assertEquals(404, get(admin("/admin/v1/purposes/" + purpose), CORA).statusCode());

        String fromFile = "brief-etc-" + UUID.randomUUID().toString().substring(0, 8);
        Configuration config = configurationAdmin.getFactoryConfiguration("org.homeport.purpose", fromFile, "?");
        config.update(new Hashtable<>(Map.of("legal.basis", "contract", "consent.default", "opt-out", "retention", "10s")));
        try {
            await("the etc file's short retention is reported").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> get(management("/health")).body().contains("purpose '" + fromFile + "': 'retention' of 10 seconds"));
            assertEquals(404, get(admin("/admin/v1/purposes/" + fromFile), CORA).statusCode());
        } finally {
            config.delete();
        }
    }

    /** A person and a device key both named demo are different actors in the audit trail. */
    @Test
    public void theAuditTrailNamesTheKindOfEachActor() throws Exception {
        String subject = "actor-" + UUID.randomUUID();
        assertRecorded(consent(subject, "product-analytics", "granted", null));
        String purpose = "actors-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> declared = send("PUT", admin("/admin/v1/purposes/" + purpose), demoUser(),
                "{\"legalBasis\":\"contract\",\"consentDefault\":\"opt-out\",\"retention\":\"30d\"}", null);
        assertEquals(declared.body(), 200, declared.statusCode());

        String audit = auditTrail();
        assertTrue(audit, audit.contains("\"actor\":\"key:demo\",\"action\":\"consent.grant\",\"target\":\"demo/" + subject + "\""));
        assertTrue(audit, audit.contains("\"actor\":\"user:demo\",\"action\":\"policy.version\",\"target\":\"" + purpose + "\""));
        send("DELETE", admin("/admin/v1/purposes/" + purpose), CORA, null, null);
    }

    @Test
    public void badConsentCallsGetProblemsWithReasons() throws Exception {
        assertProblem(consent("s-1", "no-such-purpose", "granted", null), 404, "unknown-purpose");
        assertProblem(consent("s-1", "usage-metering", "granted", null), 400, "invalid-field");
        assertProblem(send("PUT", admin("/consent/v1/subjects/s-1/purposes/product-analytics"), null, "{\"state\":\"maybe\"}",
                DEMO_KEY), 400, "invalid-field");
        assertProblem(send("PUT", admin("/consent/v1/subjects/s-1/purposes/product-analytics"), null, "[1,2", DEMO_KEY), 400,
                "malformed-body");
        assertProblem(send("PUT", admin("/consent/v1/subjects/s-1/purposes/product-analytics"), null,
                "{\"state\":\"granted\",\"policyVersion\":99}", DEMO_KEY), 400, "unknown-policy-version");
        assertProblem(send("PUT", admin("/consent/v1/subjects/s-1/purposes/product-analytics"), null,
                "{\"state\":\"granted\"}", "hp_wrong_key"), 401, "unauthorized");
    }

    /** A purpose that keeps raw subjects, so the export and erasure find them in the file sink. */
    @Test
    public void exportAndEraseASubjectThroughTheFileSinkWithReceipts() throws Exception {
        declare("support-diagnostics", Map.of("legal.basis", "contract", "consent.default", "opt-out", "retention", "30d"),
                "support.diag", "note:string!");
        String subject = "dsr-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        for (String who : List.of(subject, subject, subject, other, other)) {
            HttpResponse<String> sent = post(diag(who));
            assertEquals(sent.body(), 200, sent.statusCode());
        }
        assertEquals(3, storedLinesContaining("support-diagnostics", subject).size());

        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(admin("/admin/v1/tenants/demo/subjects/" + subject
                + "/export")).header("Authorization", CORA).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, export.statusCode());
        assertEquals("application/zip", export.headers().firstValue("Content-Type").orElse(""));
        Map<String, String> bundle = unzip(export.body());
        assertTrue(bundle.keySet().toString(), bundle.keySet().containsAll(Set.of("receipt.json", "consent-history.json",
                "events/file.jsonl")));
        assertEquals(3, bundle.get("events/file.jsonl").lines().filter(line -> line.contains(subject)).count());
        assertFalse(bundle.get("events/file.jsonl").contains(other));
        assertTrue(bundle.get("receipt.json"), bundle.get("receipt.json").contains("\"events\" : 3"));

        HttpResponse<String> erased = send("POST", admin("/admin/v1/tenants/demo/subjects/" + subject + "/erase"), CORA, null,
                null);
        assertEquals(erased.body(), 200, erased.statusCode());
        assertTrue(erased.body(), erased.body().contains("\"events\":3"));
        assertTrue(erased.body(), erased.body().contains("\"outcome\":\"done\""));
        assertEquals(0, storedLinesContaining("support-diagnostics", subject).size());
        assertEquals(2, storedLinesContaining("support-diagnostics", other).size());

        String audit = auditTrail();
        assertTrue(audit.contains("\"action\":\"dsr.export\"") && audit.contains("\"target\":\"demo/" + subject + "\""));
        assertTrue(audit.contains("\"action\":\"dsr.erase\""));
    }

    /** product-analytics stores an HMAC pseudonym, never the id: requests still find the subject's events. */
    @Test
    public void exportAndEraseFindEventsStoredUnderAPseudonym() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subject = subject(run, 1);
        assertRecorded(consent(subject, "product-analytics", "granted", null));
        assertEquals(200, post(usage(run, 1, "kept")).statusCode());
        List<String> stored = storedLinesContaining("product-analytics", run + "|1|kept");
        assertEquals(1, stored.size());
        assertFalse("stored under a pseudonym", stored.get(0).contains(subject));

        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(admin("/admin/v1/tenants/demo/subjects/" + subject
                + "/export")).header("Authorization", CORA).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String events = unzip(export.body()).get("events/file.jsonl");
        assertTrue(String.valueOf(events), events != null && events.contains(run + "|1|kept"));

        HttpResponse<String> erased = send("POST", admin("/admin/v1/tenants/demo/subjects/" + subject + "/erase"), CORA, null,
                null);
        assertTrue(erased.body(), erased.body().contains("\"events\":1"));
        assertEquals(0, storedLinesContaining("product-analytics", run + "|1|kept").size());
    }

    /**
     * A retired purpose's stored events do not go with it: access and erasure requests still find
     * them, and retention deletes them with the retention the purpose had when it was retired.
     */
    @Test
    public void aRetiredPurposesEventsAreFoundByRequestsAndDeletedByRetention() throws Exception {
        declare("old-survey", Map.of("legal.basis", "contract", "consent.default", "opt-out", "retention", "30d"),
                "old.survey", "note:string!");
        String subject = "retired-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> sent = post(event(subject, "old.survey", "old-survey", "{\"note\":\"fine\"}"));
            assertEquals(sent.body(), 200, sent.statusCode());
        }
        assertEquals(2, storedLinesContaining("old-survey", subject).size());
        // What the purpose kept long ago, past its retention.
        Path longAgo = Paths.get(System.getProperty("karaf.data"), "homeport", "events", "old-survey", "2020-01-01.jsonl");
        Files.writeString(longAgo, "{\"id\":\"old-1\",\"tenant\":\"demo\",\"type\":\"old.survey\",\"purpose\":\"old-survey\","
                + "\"subject\":\"" + subject + "\",\"attributes\":{}}\n");

        // The operator removes its event type with it, or the node would report a type of an undeclared purpose.
        configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", "old.survey", "?").delete();
        HttpResponse<String> retired = send("DELETE", admin("/admin/v1/purposes/old-survey"), CORA, null, null);
        assertTrue(retired.body(), retired.body().contains("\"status\":\"retired\""));
        await("old-survey is no longer declared").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> !consentStatus("probe").body().contains("\"purpose\":\"old-survey\""));
        awaitHealthy();

        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(admin("/admin/v1/tenants/demo/subjects/" + subject
                + "/export")).header("Authorization", CORA).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, export.statusCode());
        Map<String, String> bundle = unzip(export.body());
        assertEquals(String.valueOf(bundle.get("events/file.jsonl")), 3,
                String.valueOf(bundle.get("events/file.jsonl")).lines().filter(line -> line.contains(subject)).count());

        // Its data is still held, so the record of processing still lists it, as retired, with its last version.
        String record = get(admin("/admin/v1/record-of-processing?format=markdown"), AUDREY).body();
        assertTrue(record, record.contains("## old-survey (retired)") && record.contains("| Retention | 30 days |"));

        String printed = runShell("homeport:retention-run");
        assertFalse("retention deletes the retired purpose's old file", Files.exists(longAgo));
        assertTrue(printed, printed.contains("old-survey (retired)") && printed.contains("1 files")
                && printed.contains(LocalDate.now(ZoneOffset.UTC) + "T00:00:00Z"));
        assertEquals("today's events are within the retention", 2, storedLinesContaining("old-survey", subject).size());

        String facts = get(admin("/admin/v1/retention?purpose=old-survey"), AUDREY).body();
        assertTrue(facts, facts.contains("\"status\":\"retired\"") && facts.contains("\"retentionText\":\"30 days\"")
                && facts.contains("\"sink\":\"file\",\"deleted\":1,\"unit\":\"files\",\"events\":1")
                && facts.contains("\"held\":\"some\"")
                && facts.contains("\"oldestHeld\":\"" + LocalDate.now(ZoneOffset.UTC) + "T00:00:00Z\""));
        String metrics = get(management("/metrics"), AUDREY).body();
        assertTrue(metrics, metrics.contains("homeport_retention_deleted_events_total{purpose=\"old-survey\",sink=\"file\"} 1")
                && metrics.contains("homeport_retention_last_run_timestamp_seconds{purpose=\"old-survey\"}")
                && metrics.contains("homeport_retention_oldest_held_age_seconds{purpose=\"old-survey\"}"));
        assertTrue("the deletion is audited as the system",
                auditTrail().contains("\"actor\":\"system:retention\",\"action\":\"retention.delete\",\"target\":\"old-survey\""));

        HttpResponse<String> erased = send("POST", admin("/admin/v1/tenants/demo/subjects/" + subject + "/erase"), CORA, null,
                null);
        assertTrue(erased.body(), erased.body().contains("\"events\":2"));
        assertEquals(0, storedLinesContaining("old-survey", subject).size());
    }

    /** A pipeline's own hmac stores a pseudonym the purpose's policy never made: requests still find it. */
    @Test
    public void eventsAPipelinePseudonymizedAreFoundByRequests() throws Exception {
        declare("pipeline-pseudonyms", Map.of("legal.basis", "contract", "consent.default", "opt-out"), "pipeline.note",
                "note:string!");
        configurationAdmin.getFactoryConfiguration("org.homeport.sink.file", "pseudonymized", "?").update(new Hashtable<>(
                Map.of("homeport.sink.name", "pseudonymized", "directory", "homeport/pseudonymized")));
        configurationAdmin.getFactoryConfiguration("org.homeport.pipeline", "pseudonymized", "?").update(new Hashtable<>(
                Map.of("purposes", "pipeline-pseudonyms", "anonymizers", "hmac", "hmac.fields", "subject",
                        "sinks", "pseudonymized")));
        String subject = "piped-" + UUID.randomUUID();
        Path stored = Paths.get(System.getProperty("karaf.data"), "homeport", "pseudonymized", "pipeline-pseudonyms");
        await("the pipeline delivers to its sink").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            assertEquals(200, post(event(subject, "pipeline.note", "pipeline-pseudonyms", "{\"note\":\"x\"}")).statusCode());
            return Files.isDirectory(stored) && linesIn(stored).stream().anyMatch(line -> line.contains("\"ps_"));
        });
        assertTrue("stored under a pseudonym only", linesIn(stored).stream().noneMatch(line -> line.contains(subject)));

        HttpResponse<String> erased = send("POST", admin("/admin/v1/tenants/demo/subjects/" + subject + "/erase"), CORA, null,
                null);

        assertTrue(erased.body(), Pattern.compile("\"sink\":\"pseudonymized\",\"outcome\":\"done\",\"events\":[1-9]")
                .matcher(erased.body()).find());
        assertTrue(linesIn(stored).stream().noneMatch(line -> line.contains("\"ps_")));
    }

    private static List<String> linesIn(Path directory) throws Exception {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".jsonl"))::iterator) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private String runShell(String command) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void withdrawalErasesWhatWasKeptWhenThePolicySaysSo() throws Exception {
        declare("beta-feedback", Map.of("legal.basis", "consent", "consent.default", "opt-in", "erase.on.withdrawal", "true"),
                "beta.feedback", "note:string!");
        String subject = "beta-" + UUID.randomUUID();
        assertRecorded(consent(subject, "beta-feedback", "granted", null));
        post(event(subject, "beta.feedback", "beta-feedback", "{\"note\":\"likes it\"}"));
        assertEquals(1, storedLinesContaining("beta-feedback", subject).size());

        assertRecorded(consent(subject, "beta-feedback", "withdrawn", null));

        await("erased after the withdrawal").atMost(Duration.ofSeconds(30))
                .until(() -> storedLinesContaining("beta-feedback", subject).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> auditTrail().contains("dsr.erase-on-withdrawal"));
    }

    @Test
    public void onlyDeviceRecoveryOfficersReadDeviceLocations() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String device = "d-lost-" + UUID.randomUUID().toString().substring(0, 8);
        assertRecorded(consent(owner, "device-recovery", "granted", null));
        HttpResponse<String> ping = post("[{\"type\":\"device.location\",\"purpose\":\"device-recovery\",\"subject\":\"" + owner
                + "\",\"source\":{\"product\":\"laptop\",\"device\":\"" + device
                + "\"},\"attributes\":{\"latitude\":52.52,\"longitude\":13.405}}]");
        assertEquals(ping.body(), 200, ping.statusCode());

        URI locations = admin("/admin/v1/tenants/demo/devices/" + device + "/locations");
        HttpResponse<String> read = get(locations, DORA);
        assertEquals(read.body(), 200, read.statusCode());
        assertTrue(read.body(), read.body().contains("52.52"));
        assertEquals(403, get(locations, CORA).statusCode());
        assertEquals(403, get(locations, demoUser()).statusCode());
        assertTrue(auditTrail().contains("\"action\":\"read.device-events\""));

        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(admin("/admin/v1/tenants/demo/subjects/" + owner
                + "/export")).header("Authorization", CORA).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> bundle = unzip(export.body());
        assertFalse("a compliance officer's export withholds location events", bundle.containsKey("events/file.jsonl"));
        assertTrue(bundle.get("receipt.json"), bundle.get("receipt.json").contains("device-recovery"));
    }

    /**
     * A typo never gets an official "we hold nothing" receipt: a tenant that differs in case is a 404,
     * a subject with a trailing space a 400, over HTTP and in the shell; a subject never seen gets a
     * receipt that says in words that no data is held.
     */
    @Test
    public void aTypoIsRefusedAndASubjectNeverSeenIsToldNoDataIsHeld() throws Exception {
        String subject = "typo-" + UUID.randomUUID();
        assertRecorded(consent(subject, "product-analytics", "granted", null));

        for (String request : List.of("export", "erase")) {
            HttpResponse<String> wrongCase = send("POST", admin("/admin/v1/tenants/Demo/subjects/" + subject + "/" + request),
                    CORA, null, null);
            assertProblem(wrongCase, 404, "unknown-tenant");
            assertTrue(wrongCase.body(), wrongCase.body().contains("did you mean 'demo'?"));
            assertProblem(send("POST", admin("/admin/v1/tenants/demo/subjects/" + subject + "%20/" + request), CORA, null,
                    null), 400, "invalid-identifier");
        }
        String shell = runShell("consent:export --tenant Demo " + subject);
        assertTrue(shell, shell.contains("no tenant 'Demo' is known"));

        Map<String, String> found = unzip(exportAs(CORA, subject).body());
        assertTrue(found.get("receipt.json"), found.get("receipt.json").contains("\"finding\" : \"data-held\"")
                && found.get("receipt.json").contains("\"consentRecords\" : 1"));

        String never = "never-" + UUID.randomUUID();
        HttpResponse<byte[]> export = exportAs(CORA, never);
        assertEquals(200, export.statusCode());
        String receipt = unzip(export.body()).get("receipt.json");
        assertTrue(receipt, receipt.contains("\"finding\" : \"no-data-held\"")
                && receipt.contains("\"summary\" : \"No data held for this identifier")
                && receipt.contains("\"complete\" : true"));
        HttpResponse<String> erased = send("POST", admin("/admin/v1/tenants/demo/subjects/" + never + "/erase"), CORA, null,
                null);
        assertEquals(erased.body(), 200, erased.statusCode());
        assertTrue(erased.body(), erased.body().contains("\"finding\":\"no-data-held\""));
        String erasedInShell = runShell("consent:erase --tenant demo " + never);
        assertTrue(erasedInShell, erasedInShell.contains("No data held for this identifier"));
    }

    /**
     * An officer without the device-recovery role gets an export that names the withheld location
     * events, why, and is not complete; the erasure that follows says how many of the events it
     * removed that export did not show.
     */
    @Test
    public void receiptsSayWhatWasWithheldAndWhatTheErasureRemovedUnseen() throws Exception {
        declare("support-diagnostics", Map.of("legal.basis", "contract", "consent.default", "opt-out", "retention", "30d"),
                "support.diag", "note:string!");
        String owner = "withheld-" + UUID.randomUUID();
        assertRecorded(consent(owner, "device-recovery", "granted", null));
        assertEquals(200, post(diag(owner)).statusCode());
        HttpResponse<String> ping = post("[{\"type\":\"device.location\",\"purpose\":\"device-recovery\",\"subject\":\""
                + owner + "\",\"source\":{\"product\":\"laptop\",\"device\":\"d-" + owner.substring(9, 17)
                + "\"},\"attributes\":{\"latitude\":52.52,\"longitude\":13.405}}]");
        assertEquals(ping.body(), 200, ping.statusCode());
        assertEquals(1, storedLinesContaining("device-recovery", owner).size());

        Map<String, String> bundle = unzip(exportAs(CORA, owner).body());
        String receipt = bundle.get("receipt.json");
        assertFalse(bundle.get("events/file.jsonl"), bundle.get("events/file.jsonl").contains("52.52"));
        assertTrue(receipt, receipt.contains("\"complete\" : false") && receipt.contains("\"events\" : 1,"));
        assertTrue(receipt, Pattern.compile("\"purpose\" : \"device-recovery\",\\s*\"reason\" : \"device-location data\","
                + "\\s*\"requiredRole\" : \"device-recovery-officer\",\\s*\"events\" : 1").matcher(receipt).find());
        assertTrue(receipt, receipt.contains("Withheld from you: 1 more event"));

        HttpResponse<String> erased = send("POST", admin("/admin/v1/tenants/demo/subjects/" + owner + "/erase"), CORA, null,
                null);
        assertEquals(erased.body(), 200, erased.statusCode());
        assertTrue(erased.body(), erased.body().contains("\"events\":2,\"complete\":true"));
        assertTrue(erased.body(), erased.body().contains("\"notShownToCaller\":[{\"purpose\":\"device-recovery\","
                + "\"reason\":\"device-location data\",\"requiredRole\":\"device-recovery-officer\",\"events\":1}]"));
        assertTrue(erased.body(), erased.body().contains("1 of them of purposes an access request by you does not show"));
        assertEquals(0, storedLinesContaining("device-recovery", owner).size());
    }

    private HttpResponse<byte[]> exportAs(String authorization, String subject) throws Exception {
        return http.send(HttpRequest.newBuilder(admin("/admin/v1/tenants/demo/subjects/" + subject + "/export"))
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Edits one stored audit entry directly in the node's database; verification names exactly that entry. */
    @Test
    public void editingAStoredAuditEntryIsDetectedAtThatEntry() throws Exception {
        assertRecorded(consent("audit-" + UUID.randomUUID(), "product-analytics", "granted", null));
        String intact = send("GET", admin("/admin/v1/audit/verification"), AUDREY, null, null).body();
        assertTrue(intact, intact.contains("\"intact\":true"));

        long target;
        String original;
        try (Connection db = consentDatabase()) {
            try (ResultSet last = db.createStatement().executeQuery("SELECT MAX(seq) FROM audit_entry")) {
                last.next();
                target = last.getLong(1) / 2 + 1;
            }
            try (PreparedStatement read = db.prepareStatement("SELECT actor FROM audit_entry WHERE seq = ?")) {
                read.setLong(1, target);
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    original = row.getString(1);
                }
            }
            update(db, target, "mallory");
            try {
                String broken = send("GET", admin("/admin/v1/audit/verification"), AUDREY, null, null).body();
                assertTrue(broken, broken.contains("\"intact\":false"));
                assertTrue(broken, broken.contains("\"firstBrokenSeq\":" + target));
            } finally {
                update(db, target, original);
            }
        }
        String restored = send("GET", admin("/admin/v1/audit/verification"), AUDREY, null, null).body();
        assertTrue(restored, restored.contains("\"intact\":true"));
    }

    private static void update(Connection db, long seq, String actor) throws Exception {
        try (PreparedStatement edit = db.prepareStatement("UPDATE audit_entry SET actor = ? WHERE seq = ?")) {
            edit.setString(1, actor);
            edit.setLong(2, seq);
            assertEquals(1, edit.executeUpdate());
        }
    }

    /** The node's embedded database, opened with the URL the store uses so H2 shares it inside this JVM. */
    private static Connection consentDatabase() throws Exception {
        String file = Paths.get(System.getProperty("karaf.data"), "homeport", "consent", "consent").toAbsolutePath().toString();
        return new org.h2.Driver().connect(CONSENT_H2_URL_PREFIX + file + CONSENT_H2_URL_SUFFIX, new Properties());
    }

    // ------------------------------------------------------------------------------------------

    private static String subject(String run, int n) {
        return "user-" + run + "-" + n;
    }

    private void sendUsage(String run, int from, int to, String phase) throws Exception {
        StringBuilder batch = new StringBuilder("[");
        for (int n = from; n < to; n++) {
            batch.append(n == from ? "" : ",").append(usageEvent(run, n, phase));
        }
        HttpResponse<String> response = post(batch.append(']').toString());
        assertEquals(response.body(), 200, response.statusCode());
    }

    private static String usage(String run, int n, String phase) {
        return "[" + usageEvent(run, n, phase) + "]";
    }

    private static String usageEvent(String run, int n, String phase) {
        return "{\"type\":\"app.usage\",\"purpose\":\"product-analytics\",\"subject\":\"" + subject(run, n)
                + "\",\"source\":{\"product\":\"meet\"},\"attributes\":{\"feature\":\"" + run + "|" + n + "|" + phase + "\"}}";
    }

    private static String diag(String subject) {
        return event(subject, "support.diag", "support-diagnostics", "{\"note\":\"disk almost full\"}");
    }

    private static String event(String subject, String type, String purpose, String attributes) {
        return "[{\"type\":\"" + type + "\",\"purpose\":\"" + purpose + "\",\"subject\":\"" + subject
                + "\",\"source\":{\"product\":\"meet\"},\"attributes\":" + attributes + "}]";
    }

    private HttpResponse<String> consent(String subject, String purpose, String state, String requestId) throws Exception {
        String body = "{\"state\":\"" + state + "\"" + (requestId == null ? "" : ",\"requestId\":\"" + requestId + "\"") + "}";
        return send("PUT", admin("/consent/v1/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/purposes/"
                + purpose), null, body, DEMO_KEY);
    }

    private HttpResponse<String> consentStatus(String subject) throws Exception {
        return send("GET", admin("/consent/v1/subjects/" + subject), null, null, DEMO_KEY);
    }

    private static void assertRecorded(HttpResponse<String> response) {
        assertTrue(response.statusCode() + " " + response.body(), response.statusCode() == 201 || response.statusCode() == 200);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue(response.body(), response.body().contains("https://homeport.dev/problems/" + type));
    }

    private HttpResponse<String> send(String method, URI uri, String authorization, String body, String apiKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String auditTrail() throws Exception {
        StringBuilder all = new StringBuilder();
        String next = "/admin/v1/audit?after=0&limit=1000";
        while (next != null) {
            String page = get(admin(next), AUDREY).body();
            all.append(page);
            Matcher link = Pattern.compile("\"next\":\"([^\"]+)\"").matcher(page);
            next = link.find() ? link.group(1) : null;
        }
        return all.toString();
    }

    /** Declares a purpose and an event type for it through Config Admin, as an operator's etc/ files would. */
    private void declare(String purpose, Map<String, String> policy, String type, String fields) throws Exception {
        Configuration purposeConfig = configurationAdmin.getFactoryConfiguration("org.homeport.purpose", purpose, "?");
        purposeConfig.update(new Hashtable<>(policy));
        Configuration typeConfig = configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", type, "?");
        typeConfig.update(new Hashtable<>(Map.of("purposes", purpose, "fields", fields)));
        await("purpose " + purpose + " is declared").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get(admin("/admin/v1/purposes/" + purpose), CORA).statusCode() == 200
                        && consentStatus("probe").body().contains("\"purpose\":\"" + purpose + "\""));
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> entries = new ConcurrentHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static long seq(String body) {
        Matcher seq = Pattern.compile("\"seq\":(\\d+)").matcher(body);
        assertTrue(body, seq.find());
        return Long.parseLong(seq.group(1));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

}
