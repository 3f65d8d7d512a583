package org.homeport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Test;

/** The README's tour against the real distribution: events in over HTTP, anonymized lines out in data/. */
public class IntakeEndToEndIT extends HomeportTestSupport {

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    @Test
    public void readmeBatchLandsAnonymizedAndTheOptInPurposeWithoutConsentNeverReachesTheFile() throws Exception {
        String usage = uniqueId("usage");
        String perf = uniqueId("perf");
        String error = uniqueId("error");
        String subject = uniqueId("user");

        HttpResponse<String> response = post(Batches.array(Batches.usage(usage, subject),
                Batches.performance(perf, subject, "ThinkPad X1"),
                Batches.crashReport(error, subject, "Failed to sync calendar for jane.doe@example.com")));

        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.body(), response.body().contains("\"accepted\":2"));
        assertTrue(response.body(), response.body().contains("\"dropped\":1"));
        assertTrue(response.body(), response.body().contains("no-consent-on-record"));

        // Acknowledged means written: the lines are there when the response is.
        List<String> perfLines = storedLinesContaining("performance-metrics", perf);
        assertEquals(1, perfLines.size());
        assertFalse("anonymous purpose keeps no subject", perfLines.get(0).contains(subject));
        assertFalse("anonymous purpose keeps no device id", perfLines.get(0).contains("d-8842"));
        assertTrue(perfLines.get(0).contains("\"deviceModel\":\"ThinkPad X1\""));

        List<String> errorLines = storedLinesContaining("crash-reports", error);
        assertEquals(1, errorLines.size());
        assertTrue(errorLines.get(0), errorLines.get(0).contains("Failed to sync calendar for [email]"));
        assertFalse(errorLines.get(0).contains("jane.doe@example.com"));
        assertFalse("subject is pseudonymized", errorLines.get(0).contains(subject));
        assertTrue(errorLines.get(0), errorLines.get(0).contains("\"subject\":\"ps_"));

        assertTrue(storedLinesContaining("product-analytics", usage).isEmpty());
        assertFalse("the raw subject is nowhere on disk", anyStoredFileContains(subject));
    }

    @Test
    public void invalidEventIsReportedByIndexWhileTheOthersAreStored() throws Exception {
        String good = uniqueId("good");
        String bad = uniqueId("bad");
        String undeclared = Batches.crashReport(bad, "user-1", "boom").replace("\"errorCode\"", "\"password\"");

        HttpResponse<String> response = post(Batches.array(Batches.crashReport(good, "user-1", "boom"), undeclared));

        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.body(), response.body().contains("\"rejected\":1"));
        assertTrue(response.body(), response.body().contains("\"index\":1"));
        assertTrue(response.body(), response.body().contains("schema-violation"));
        assertEquals(1, storedLinesContaining("crash-reports", good).size());
        assertTrue(storedLinesContaining("crash-reports", bad).isEmpty());
    }

    @Test
    public void ndjsonAndGzipBodiesAreAccepted() throws Exception {
        String first = uniqueId("nd1");
        String second = uniqueId("nd2");
        String ndjson = Batches.crashReport(first, "user-2", "a") + "\n" + Batches.crashReport(second, "user-2", "b") + "\n";

        HttpResponse<String> response = postGzip(gzip(ndjson.getBytes(StandardCharsets.UTF_8)));

        assertEquals(response.body(), 200, response.statusCode());
        assertEquals(1, storedLinesContaining("crash-reports", first).size());
        assertEquals(1, storedLinesContaining("crash-reports", second).size());
    }

    @Test
    public void metricsCountAcceptedAndDroppedEventsByPurposeAndReason() throws Exception {
        post(Batches.array(Batches.usage(uniqueId("u"), "user-3"), Batches.crashReport(uniqueId("c"), "user-3", "x")));

        String metrics = get(management("/metrics"), demoUser()).body();

        assertTrue(metrics.contains("homeport_events_accepted_total{purpose=\"crash-reports\"}"));
        assertTrue(metrics.contains("homeport_events_dropped_total{purpose=\"product-analytics\",reason=\"no-consent-on-record\"}"));
        assertTrue(metrics.contains("homeport_sink_write_seconds_count{outcome=\"success\",sink=\"file\"}"));
        assertFalse("no subject ever becomes a label", metrics.contains("user-3"));
    }

    private static boolean anyStoredFileContains(String text) {
        awaitFileSinkCaughtUp();
        try (Stream<Path> files = Files.walk(eventsDirectory())) {
            return files.filter(Files::isRegularFile).anyMatch(file -> {
                try {
                    return Files.readString(file).contains(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
