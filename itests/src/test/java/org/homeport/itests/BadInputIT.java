package org.homeport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.Before;
import org.junit.Test;

/** Bad input gets a clear 4xx with a problem type, and the node keeps serving. */
public class BadInputIT extends HomeportTestSupport {

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    private void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.body(), response.body().contains("\"type\":\"https://homeport.dev/problems/" + type + "\""));
        assertNodeStillServes();
    }

    private void assertNodeStillServes() throws Exception {
        String id = uniqueId("after");
        HttpResponse<String> good = post(Batches.array(Batches.crashReport(id, "user-9", "still here")));
        assertEquals(good.body(), 200, good.statusCode());
        assertEquals(1, storedLinesContaining("crash-reports", id).size());
    }

    @Test
    public void malformedJsonIsRejected() throws Exception {
        assertProblem(post("[{\"type\": \"app.error\", "), 400, "malformed-json");
    }

    @Test
    public void oversizedBodyIsRejected() throws Exception {
        StringBuilder big = new StringBuilder("[");
        String event = Batches.crashReport("x", "user-1", "y".repeat(1000));
        while (big.length() < 1_200_000) {
            big.append(event).append(',');
        }
        big.append(event).append(']');
        assertProblem(post(big.toString()), 413, "body-too-large");
    }

    @Test
    public void tooDeeplyNestedEventIsRejected() throws Exception {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        String event = Batches.crashReport(uniqueId("deep"), "user-1", "x").replace("\"errorCode\":\"E-SYNC-17\"",
                "\"errorCode\":" + deep);
        assertProblem(post(Batches.array(event)), 400, "nesting-too-deep");
    }

    @Test
    public void gzipBombIsStoppedBeforeItInflates() throws Exception {
        // 200 MB of JSON whitespace between two tokens: valid JSON, a few hundred KB on the wire,
        // and no single value long enough to trip another limit first.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write('[');
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 200; i++) {
                out.write(spaces);
            }
            out.write(Batches.crashReport(uniqueId("bomb"), "user-1", "x").getBytes(StandardCharsets.UTF_8));
            out.write(']');
        }
        assertTrue("the bomb is small on the wire", bytes.size() < 1_048_576);
        assertProblem(postGzip(bytes.toByteArray()), 413, "decompressed-too-large");
    }

    @Test
    public void unknownAndMissingApiKeysAreUnauthorized() throws Exception {
        String batch = Batches.array(Batches.crashReport(uniqueId("k"), "user-1", "x"));
        assertProblem(post(batch, "hp_not_a_key"), 401, "unauthorized");
        assertProblem(post(batch, null), 401, "unauthorized");
    }

    @Test
    public void unknownPurposeIsRejectedWithItsReason() throws Exception {
        String event = Batches.crashReport(uniqueId("p"), "user-1", "x").replace("\"crash-reports\"", "\"ad-tracking\"");
        HttpResponse<String> response = post(Batches.array(event));
        assertTrue(response.body(), response.body().contains("unknown-purpose"));
        assertProblem(response, 422, "events-rejected");
    }

    @Test
    public void healthStaysUpAfterAbuse() throws Exception {
        post("not json at all");
        post("[" + "[".repeat(10_000));
        assertEquals(200, get(management("/health")).statusCode());
    }
}
