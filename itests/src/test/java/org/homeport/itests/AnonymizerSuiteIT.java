package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * The anonymizer suite on the real distribution, configured the way an operator does it (purpose,
 * pipeline and plugin configurations, no code): pseudonyms with rotating keys, PII redaction with
 * IP truncation, generalized locations and time, and an aggregate-only purpose that keeps nothing
 * but k-anonymous counts.
 */
public class AnonymizerSuiteIT extends HomeportTestSupport {
    private static final Pattern PSEUDONYM = Pattern.compile("ps_(k\\d{8})_[0-9a-f]{32}");

    @Before
    public void nodeIsUp() {
        awaitHealthy();
        awaitAdminApi();
    }

    /** Crash reports: user id pseudonymized by pii-redact with the shared keys, PII in text redacted, IPs truncated. */
    @Test
    public void crashReportsArePseudonymizedRedactedAndTruncatedAsThePolicySays() throws Exception {
        declare("suite-crash", "suite.crash", "message:string!", Map.of(
                "legal.basis", "legitimate-interest", "consent.default", "opt-out",
                "anonymizers", "pii-redact, hmac",
                "pii-redact.user-id.fields", "subject",
                "pii-redact.user-id.treatment", "hmac",
                "pii-redact.ipv4.treatment", "generalize",
                "hmac.fields", "source.device"));
        String run = UUID.randomUUID().toString();
        String event = "[{\"type\":\"suite.crash\",\"purpose\":\"suite-crash\",\"subject\":\"user-" + run + "\","
                + "\"source\":{\"product\":\"meet\",\"device\":\"user-" + run + "\"},"
                + "\"attributes\":{\"message\":\"" + run + " sync failed for jane.doe@example.com from 203.0.113.77\"}}]";

        await("the purpose is declared").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(event).statusCode() == 200);

        List<String> stored = storedLinesContaining("suite-crash", run + " sync failed");
        assertEquals(1, stored.size());
        String line = stored.get(0);
        assertFalse(line, line.contains("user-" + run));
        assertFalse(line, line.contains("jane.doe@example.com") || line.contains("203.0.113.77"));
        assertTrue("the address is truncated to its /24: " + line, line.contains("from 203.0.113.0"));
        assertTrue(line, line.contains("[email]"));
        String subject = field(line, "subject");
        assertTrue(subject, PSEUDONYM.matcher(subject).matches());
        assertEquals("pii-redact and hmac share one key ring: one id, one pseudonym", subject, field(line, "device"));
    }

    /**
     * Keys rotate, the key id travels with each pseudonym, a data-subject export finds the subject's
     * events under every live key, and once the old key retires its pseudonyms are found no more.
     */
    @Test
    public void keysRotateAndRequestsFindEventsUnderEveryLiveKeyUntilTheOldKeyRetires() throws Exception {
        Path keyDir = Paths.get(System.getProperty("karaf.data"), "homeport", "keys", "it-" + UUID.randomUUID());
        Files.createDirectories(keyDir);
        Files.writeString(keyDir.resolve("k20000101.key"), randomKey());
        Configuration keys = configurationAdmin.getConfiguration("org.homeport.anonymizer.hmac", "?");
        try {
            keys.update(new Hashtable<>(Map.of("key.dir", keyDir.toString(), "rotation.period", "P0D",
                    "retire.after", "P3650D")));
            declare("suite-analytics", "suite.usage", "feature:string!", Map.of(
                    "legal.basis", "legitimate-interest", "consent.default", "opt-out",
                    "anonymizers", "hmac", "hmac.fields", "subject"));
            String subject = "rotating-" + UUID.randomUUID();

            String before = sendUsage(subject, "before-rotation");
            assertTrue(before, before.startsWith("ps_k20000101_"));

            // An operator rotates by placing today's key; the configuration change makes the node re-read at once.
            String today = "k" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
            Files.writeString(keyDir.resolve(today + ".key"), randomKey());
            keys.update(new Hashtable<>(Map.of("key.dir", keyDir.toString(), "rotation.period", "P0D",
                    "retire.after", "P3651D")));
            await("the new key is current").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> sendUsage(subject, "probe-" + UUID.randomUUID()).startsWith("ps_" + today + "_"));
            String after = sendUsage(subject, "after-rotation");
            assertTrue(after, after.startsWith("ps_" + today + "_"));

            String exported = exportedEvents(subject);
            assertTrue("found under the old key: " + exported, exported.contains("before-rotation"));
            assertTrue("found under the new key: " + exported, exported.contains("after-rotation"));

            keys.update(new Hashtable<>(Map.of("key.dir", keyDir.toString(), "rotation.period", "P0D",
                    "retire.after", "PT0S")));
            await("the old key retires and is destroyed").atMost(Duration.ofSeconds(30))
                    .until(() -> !Files.exists(keyDir.resolve("k20000101.key")));
            await("only the new key's events are found").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> !exportedEvents(subject).contains("before-rotation"));
            assertTrue(exportedEvents(subject).contains("after-rotation"));
        } finally {
            keys.delete();
        }
    }

    /** Device locations snapped to a 0.1° grid and the time to the hour, before anything is stored. */
    @Test
    public void locationsAndTimesAreGeneralized() throws Exception {
        declare("suite-location", "suite.location", "location:object!, marker:string!", Map.of(
                "legal.basis", "legitimate-interest", "consent.default", "opt-out",
                "anonymizers", "generalize",
                "generalize.grid.fields", "attributes.location",
                "generalize.grid.degrees", "0.1",
                "generalize.time.fields", "time",
                "generalize.time.unit", "hour"));
        String run = UUID.randomUUID().toString();
        // an hour ago at :42:17, so the event stays inside the intake's time window whenever the suite runs
        Instant time = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)).plusSeconds(42 * 60 + 17);
        String event = "[{\"type\":\"suite.location\",\"purpose\":\"suite-location\",\"time\":\"" + time + "\","
                + "\"source\":{\"product\":\"laptop\"},"
                + "\"attributes\":{\"marker\":\"" + run + "\",\"location\":{\"lat\":48.137154,\"lon\":11.576124}}}]";

        await("the purpose is declared").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(event).statusCode() == 200);

        List<String> stored = storedLinesContaining("suite-location", run);
        assertEquals(1, stored.size());
        String line = stored.get(0);
        assertTrue("the centre of the 0.1° cell: " + line, line.contains("\"lat\":48.15") && line.contains("\"lon\":11.55"));
        assertFalse(line, line.contains("48.137154") || line.contains("11.576124"));
        assertTrue("time truncated to the hour: " + line, line.contains("\"time\":\"" + time.truncatedTo(ChronoUnit.HOURS) + "\""));
    }

    /**
     * The TV recorder case: an aggregate-only purpose is held back until a pipeline delivers it to an
     * aggregating sink only; then it keeps programme counts per window with k = 3, suppresses
     * smaller groups, and no individual event reaches any store, although the default pipeline takes
     * every purpose.
     */
    @Test
    public void anAggregateOnlyPurposeKeepsOnlyKAnonymousCounts() throws Exception {
        declare("suite-viewing", "suite.viewing", "programme:string!", Map.of(
                "legal.basis", "legitimate-interest", "consent.default", "opt-out", "aggregate.only", "true"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String news = "News-" + run;
        String quiz = "Quiz-" + run;

        await("held back while no pipeline aggregates it").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(viewing(news)).statusCode() == 503);
        assertTrue(get(management("/health")).body().contains("suite-viewing"));

        Configuration aggregate = configurationAdmin.getFactoryConfiguration("org.homeport.aggregate", "suite-viewing", "?");
        aggregate.update(new Hashtable<>(Map.of("homeport.sink.name", "suite-viewing-counts", "group.by", "attributes.programme",
                "window", "PT2S", "grace", "PT1S", "k", "3", "emit.sinks", "file", "emit.type", "suite.viewing.count")));
        Configuration pipeline = configurationAdmin.getFactoryConfiguration("org.homeport.pipeline", "suite-viewing", "?");
        pipeline.update(new Hashtable<>(Map.of("purposes", "suite-viewing", "sinks", "suite-viewing-counts")));

        await("delivered to the aggregator").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(viewing(news)).statusCode() == 200);
        // One window: three more of News (four with the one above, unless the window turned meanwhile), two of Quiz.
        String now = java.time.Instant.now().toString();
        // ... and one viewer flooding a third programme: many events, one person, never k = 3
        String flood = "Flood-" + run;
        String flooder = "viewer-" + UUID.randomUUID();
        List<String> events = new java.util.ArrayList<>(List.of(viewingEvent(news, now), viewingEvent(news, now),
                viewingEvent(news, now), viewingEvent(quiz, now), viewingEvent(quiz, now)));
        for (int i = 0; i < 20; i++) {
            events.add(viewingEvent(flood, now, flooder));
        }
        String batch = "[" + String.join(",", events) + "]";
        HttpResponse<String> response = post(batch);
        assertEquals(response.body(), 200, response.statusCode());

        await("the window closes on time and its counts are stored").atMost(Duration.ofSeconds(30))
                .until(() -> countFor(news, now) != null);
        String row = countFor(news, now);
        assertTrue(row, row.contains("\"type\":\"suite.viewing.count\"") && row.contains("\"k\":3"));
        assertTrue(row, row.contains("\"count\":3") || row.contains("\"count\":4"));
        assertFalse(row, row.contains("\"subject\""));
        for (String line : storedLines("suite-viewing")) {
            assertFalse("a group below k is suppressed: " + line, line.contains(quiz));
            assertFalse("one viewer's 20 events are one person, below k: " + line, line.contains(flood));
            assertTrue("only aggregates are stored: " + line, line.contains("\"type\":\"suite.viewing.count\""));
        }
    }

    /**
     * Windows close on shutdown too: an aggregator that stops (here its configuration is deleted, the
     * same deactivation a node shutdown runs) emits its open hour-long window at once, marked partial.
     */
    @Test
    public void anAggregatorThatStopsEmitsItsOpenWindowAsAPartialCount() throws Exception {
        declare("suite-ratings", "suite.rating", "programme:string!", Map.of(
                "legal.basis", "legitimate-interest", "consent.default", "opt-out", "aggregate.only", "true"));
        Configuration aggregate = configurationAdmin.getFactoryConfiguration("org.homeport.aggregate", "suite-ratings", "?");
        aggregate.update(new Hashtable<>(Map.of("homeport.sink.name", "suite-ratings-counts", "group.by",
                "attributes.programme", "window", "PT1H", "k", "2", "emit.sinks", "file", "emit.type", "suite.rating.count")));
        configurationAdmin.getFactoryConfiguration("org.homeport.pipeline", "suite-ratings", "?")
                .update(new Hashtable<>(Map.of("purposes", "suite-ratings", "sinks", "suite-ratings-counts")));
        String programme = "Film-" + UUID.randomUUID();
        await("delivered to the aggregator").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post("[" + rating(programme) + "]").statusCode() == 200);
        // k counts people: two more viewers, one of them twice, make three people and four events
        String again = rating(programme);
        assertEquals(200, post("[" + rating(programme) + "," + again + "," + again + "]").statusCode());
        assertTrue("nothing is emitted while the hour is open", storedLinesContaining("suite-ratings", programme).isEmpty());
        awaitDelivered("suite-ratings-counts");

        aggregate.delete();
        try {
            await("the open window is emitted when the aggregator stops").atMost(Duration.ofSeconds(30))
                    .until(() -> !storedLinesContaining("suite-ratings", programme).isEmpty());
            String row = storedLinesContaining("suite-ratings", programme).get(0);
            assertTrue(row, row.contains("\"count\":4") && row.contains("\"people\":3") && row.contains("\"partial\":true"));
        } finally {
            // The node is shared with the other test classes: leave nothing held back.
            configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", "suite.rating", "?").delete();
            configurationAdmin.getFactoryConfiguration("org.homeport.pipeline", "suite-ratings", "?").delete();
            configurationAdmin.getFactoryConfiguration("org.homeport.purpose", "suite-ratings", "?").delete();
            awaitHealthy();
        }
    }

    /** The stored aggregate row of {@code programme} for the window holding {@code time}, or null. */
    private static String countFor(String programme, String time) {
        for (String line : storedLines("suite-viewing")) {
            if (line.contains(programme) && line.contains("\"count\":")
                    && windowHolds(line, java.time.Instant.parse(time))) {
                return line;
            }
        }
        return null;
    }

    private static boolean windowHolds(String line, java.time.Instant time) {
        Matcher start = Pattern.compile("\"start\":\"([^\"]+)\"").matcher(line);
        Matcher end = Pattern.compile("\"end\":\"([^\"]+)\"").matcher(line);
        return start.find() && end.find() && !time.isBefore(java.time.Instant.parse(start.group(1)))
                && time.isBefore(java.time.Instant.parse(end.group(1)));
    }

    /** A rating of {@code programme} by a viewer no other rating has. */
    private static String rating(String programme) {
        return "{\"type\":\"suite.rating\",\"purpose\":\"suite-ratings\",\"subject\":\"rater-" + UUID.randomUUID()
                + "\",\"source\":{\"product\":\"tv-recorder\"},\"attributes\":{\"programme\":\"" + programme + "\"}}";
    }

    private static String viewing(String programme) {
        return "[" + viewingEvent(programme, java.time.Instant.now().toString()) + "]";
    }

    private static String viewingEvent(String programme, String time) {
        return viewingEvent(programme, time, "viewer-" + UUID.randomUUID());
    }

    private static String viewingEvent(String programme, String time, String subject) {
        return "{\"type\":\"suite.viewing\",\"purpose\":\"suite-viewing\",\"time\":\"" + time + "\",\"subject\":\""
                + subject + "\",\"source\":{\"product\":\"tv-recorder\"},\"attributes\":{\"programme\":\""
                + programme + "\"}}";
    }

    /** Sends one usage event and answers the pseudonym it was stored under. */
    private String sendUsage(String subject, String feature) throws Exception {
        String event = "[{\"type\":\"suite.usage\",\"purpose\":\"suite-analytics\",\"subject\":\"" + subject + "\","
                + "\"source\":{\"product\":\"meet\"},\"attributes\":{\"feature\":\"" + feature + "\"}}]";
        // Right after a configuration change the purpose may still be on its way (422) or held back (503).
        await("stored").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> post(event).statusCode() == 200);
        List<String> stored = storedLinesContaining("suite-analytics", "\"" + feature + "\"");
        assertEquals(1, stored.size());
        return field(stored.get(0), "subject");
    }

    private String exportedEvents(String subject) throws Exception {
        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(admin("/admin/v1/tenants/demo/subjects/" + subject
                + "/export")).header("Authorization", demoUser()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, export.statusCode());
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(export.body()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries.getOrDefault("events/file.jsonl", "");
    }

    private void declare(String purpose, String type, String fields, Map<String, String> policy) throws Exception {
        configurationAdmin.getFactoryConfiguration("org.homeport.purpose", purpose, "?").update(new Hashtable<>(policy));
        configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", type, "?")
                .update(new Hashtable<>(Map.of("purposes", purpose, "fields", fields)));
    }

    private static String field(String line, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(line);
        assertTrue(line, matcher.find());
        return matcher.group(1);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
