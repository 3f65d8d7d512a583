package org.homeport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
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
        List<String> mismatches = walkRoleMatrix(matrix, USERS::get);
        assertEquals(String.join("\n", mismatches), List.of(), mismatches);
    }
}
