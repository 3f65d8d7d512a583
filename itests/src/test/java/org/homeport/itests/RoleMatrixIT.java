package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.Before;
import org.junit.Test;

/**
 * Walks the whole role matrix of docs/security.md against the running distribution with the
 * embedded default's people: Karaf JAAS users from etc/users.properties, one per role.
 */
public class RoleMatrixIT extends HomeportTestSupport {
    private static final Map<String, String> USERS = Map.of(
            "operator", basic("otto", "otto-pw"),
            "auditor", basic("audrey", "audrey-pw"),
            "compliance-officer", basic("cora", "cora-pw"),
            "device-recovery-officer", basic("dora", "dora-pw"),
            "telemetry-writer", basic("walt", "walt-pw"),
            "", basic("nora", "nora-pw"));

    @Before
    public void nodeIsUp() {
        awaitHealthy();
        awaitAdminApi();
    }

    @Test
    public void everyDocumentedCellHoldsForJaasUsers() throws Exception {
        RoleMatrix matrix = RoleMatrix.documented();
        assertTrue("the documented matrix has rows", matrix.rows.size() >= 10);
        List<String> mismatches = walk(matrix, USERS::get);
        assertEquals(String.join("\n", mismatches), List.of(), mismatches);
    }

    /** Walks the matrix with the given credentials per role; placeholders get fresh values per cell. */
    List<String> walk(RoleMatrix matrix, Function<String, String> credentials) throws Exception {
        return matrix.walk(this::send, credentials, port -> port == 8481 ? management("").toString() : admin("").toString(),
                Map.of("{name}", row -> freshKey(), "{id}", row -> "crash-reports", "{tenant}", row -> "acme",
                        "{device}", row -> "d-matrix", "{subject}", row -> "s-matrix"),
                row -> row.method().equals("POST") && row.template().equals("/admin/v1/api-keys")
                        ? "{\"name\":\"matrix-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"tenant\":\"matrix\"}"
                        : row.method().equals("POST") ? "{}" : null);
    }

    /** A key created as the demo operator, once the node knows it. */
    private String freshKey() {
        String name = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            HttpResponse<String> created = send("POST", admin("/admin/v1/api-keys"), demoUser(),
                    "{\"name\":\"" + name + "\",\"tenant\":\"matrix\"}");
            assertEquals(created.body(), 201, created.statusCode());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await("key " + name + " is known").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get(admin("/admin/v1/api-keys/" + name), demoUser()).statusCode() == 200);
        return name;
    }
}
