package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Before;
import org.junit.Test;

/**
 * People and backends with tokens from a real Keycloak 26 that the build started: the role matrix
 * of the management endpoint, every kind of bad token, client-credentials writes, key rotation.
 */
public class KeycloakIT extends HomeportTestSupport {
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    private String adminToken() throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "admin-cli");
        form.put("username", "admin");
        form.put("password", "admin");
        return tokenRequest("master", form);
    }

    private HttpResponse<String> metricsWith(String token) throws Exception {
        return get(management("/metrics"), "Bearer " + token);
    }

    private void assertUnauthorized(String token) throws Exception {
        HttpResponse<String> response = metricsWith(token);
        assertEquals(response.body(), 401, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.body().contains("https://homeport.dev/problems/unauthorized"));
        assertFalse("the answer never repeats the token", response.body().contains(token));
    }

    private static String header(String token) {
        return new String(B64_DECODE.decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    private static String payload(String token) {
        return new String(B64_DECODE.decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** The whole documented matrix, with a token of the realm's user for each role. */
    @Test
    public void everyDocumentedCellHoldsForKeycloakTokens() throws Exception {
        Map<String, String> users = Map.of("operator", "otto", "auditor", "audrey", "compliance-officer", "cora",
                "device-recovery-officer", "dora", "telemetry-writer", "walt", "", "nora");
        Map<String, String> tokens = new java.util.HashMap<>();
        for (Map.Entry<String, String> user : users.entrySet()) {
            tokens.put(user.getKey(), "Bearer " + personToken(user.getValue()));
        }
        awaitAdminApi();
        java.util.List<String> mismatches = walkRoleMatrix(RoleMatrix.documented(), tokens::get);
        assertEquals(String.join("\n", mismatches), java.util.List.of(), mismatches);
    }

    @Test
    public void metricsFollowTheRoleMatrixForKeycloakUsers() throws Exception {
        assertEquals(200, metricsWith(personToken("otto")).statusCode());
        assertEquals(200, metricsWith(personToken("audrey")).statusCode());
        assertEquals(403, metricsWith(personToken("cora")).statusCode());
        assertEquals(403, metricsWith(personToken("dora")).statusCode());
        assertEquals(403, metricsWith(personToken("walt")).statusCode());
        HttpResponse<String> noRole = metricsWith(personToken("nora"));
        assertEquals(403, noRole.statusCode());
        assertTrue(noRole.body().contains("https://homeport.dev/problems/forbidden"));
    }

    @Test
    public void badTokensAreRefusedWith401() throws Exception {
        String good = personToken("otto");
        String[] parts = good.split("\\.");

        assertUnauthorized("garbage");
        assertUnauthorized("aaa.bbb.ccc");

        byte[] signature = B64_DECODE.decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        assertUnauthorized(parts[0] + "." + parts[1] + "." + B64.encodeToString(signature));

        String promoted = payload(good).replace("\"roles\":[", "\"roles\":[\"compliance-officer\",");
        assertUnauthorized(parts[0] + "." + B64.encodeToString(promoted.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);

        String none = header(good).replaceAll("\"alg\"\\s*:\\s*\"RS256\"", "\"alg\":\"none\"");
        assertUnauthorized(B64.encodeToString(none.getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".");
        assertUnauthorized(B64.encodeToString(none.getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2]);

        assertUnauthorized(userToken("homeport-no-audience", "no-audience-secret", "otto"));
        assertUnauthorized(adminToken());
    }

    /** Every method and outcome of the authentication metric that the node emits has a row in docs/security.md. */
    @Test
    public void everyAuthenticationLabelTheNodeEmitsIsDocumented() throws Exception {
        String person = personToken("otto");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", "meter-backend");
        form.put("client_secret", "meter-secret");
        String backend = tokenRequest(realm(), form);
        String[] parts = person.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        metricsWith(person);
        metricsWith(tampered);
        metricsWith("not-a-jwt");
        get(management("/metrics"));
        get(management("/metrics"), "Digest realm=x");
        get(management("/metrics"), "Basic " + Base64.getEncoder().encodeToString("otto:wrong".getBytes(StandardCharsets.UTF_8)));
        for (String authorization : new String[] {"Bearer " + backend, "Bearer " + person, "Bearer hp_unknown_key"}) {
            http.send(HttpRequest.newBuilder(receiver("/v1/events")).header("Authorization", authorization)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        post("[]");
        http.send(HttpRequest.newBuilder(admin("/consent/v1/subjects/label-check/purposes/product-analytics"))
                .header("Authorization", "Bearer " + backend).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"granted\"}")).build(), HttpResponse.BodyHandlers.ofString());

        String metrics = metricsWith(person).body();
        String doc = Files.readString(Paths.get(System.getProperty("homeport.security.doc")));
        String section = doc.substring(doc.indexOf("## Failed authentication"), doc.indexOf("### Throttling"));
        java.util.Set<String> methods = new java.util.TreeSet<>();
        java.util.List<String> undocumented = new java.util.ArrayList<>();
        Matcher sample = Pattern.compile("homeport_security_authentications_total\\{method=\"([^\"]*)\",outcome=\"([^\"]*)\"")
                .matcher(metrics);
        while (sample.find()) {
            methods.add(sample.group(1));
            for (String value : new String[] {sample.group(1), sample.group(2)}) {
                if (!section.contains("| `" + value + "` |") && !undocumented.contains(value)) {
                    undocumented.add(value);
                }
            }
        }
        assertTrue("the calls above reach every kind of credential: " + methods,
                methods.containsAll(java.util.List.of("oidc", "jaas", "none", "apikey", "token")));
        assertEquals("label values missing from docs/security.md", java.util.List.of(), undocumented);
    }

    @Test
    public void expiredTokenIsRefused() throws Exception {
        String shortLived = userToken("homeport-short", "console-secret", "otto");
        assertEquals(200, metricsWith(shortLived).statusCode());

        await("the 2 s token expires").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> metricsWith(shortLived).statusCode() == 401);
        assertUnauthorized(shortLived);
    }

    @Test
    public void backendWritesTelemetryForItsTenantWithAClientCredentialsToken() throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", "meter-backend");
        form.put("client_secret", "meter-secret");
        String token = tokenRequest(realm(), form);
        String id = uniqueId("meter");
        String event = "[{\"id\":\"" + id + "\",\"type\":\"meter.pages\",\"purpose\":\"usage-metering\","
                + "\"source\":{\"product\":\"printer-x\",\"device\":\"sn-1\"},\"attributes\":{\"pagesMono\":1200}}]";

        HttpResponse<String> written = http.send(HttpRequest.newBuilder(receiver("/v1/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(written.body(), 200, written.statusCode());
        assertTrue(storedLinesContaining("usage-metering", id).get(0).contains("\"tenant\":\"acme\""));

        HttpResponse<String> person = http.send(HttpRequest.newBuilder(receiver("/v1/events"))
                .header("Authorization", "Bearer " + personToken("otto")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("a valid token without telemetry-writer may not write", 403, person.statusCode());
        assertTrue(person.body(), person.body().contains("https://homeport.dev/problems/forbidden"));
        assertTrue(person.body(), person.body().contains("telemetry-writer"));
    }

    @Test
    public void keyRotationInKeycloakIsPickedUpWhileTheNodeRuns() throws Exception {
        String before = personToken("otto");
        assertEquals(200, metricsWith(before).statusCode());

        String admin = adminToken();
        HttpResponse<String> realmInfo = http.send(HttpRequest.newBuilder(URI.create(keycloak() + "/admin/realms/" + realm()))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher realmId = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(realmInfo.body());
        assertTrue(realmInfo.body(), realmId.find());
        String component = "{\"name\":\"rotated-" + System.nanoTime() + "\",\"providerId\":\"rsa-generated\","
                + "\"providerType\":\"org.keycloak.keys.KeyProvider\",\"parentId\":\"" + realmId.group(1) + "\","
                + "\"config\":{\"priority\":[\"" + (1000 + System.currentTimeMillis() % 1000) + "\"],"
                + "\"enabled\":[\"true\"],\"active\":[\"true\"],\"algorithm\":[\"RS256\"]}}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak() + "/admin/realms/" + realm() + "/components"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(component)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(created.body(), 201, created.statusCode());

        String after = personToken("otto");
        Pattern kid = Pattern.compile("\"kid\"\\s*:\\s*\"([^\"]+)\"");
        Matcher oldKid = kid.matcher(header(before));
        Matcher newKid = kid.matcher(header(after));
        assertTrue(oldKid.find() && newKid.find());
        assertNotEquals("Keycloak signs with the new key", oldKid.group(1), newKid.group(1));

        // The node fetches the realm's keys again when a token names one it does not know
        // (at most once per key.refresh.min.seconds).
        await("a token signed with the new key is accepted").atMost(Duration.ofSeconds(20))
                .until(() -> metricsWith(after).statusCode() == 200);
        assertEquals("tokens of the old key stay valid while it is published", 200, metricsWith(before).statusCode());
    }
}
