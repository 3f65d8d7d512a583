package org.homeport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import org.junit.Before;
import org.junit.Test;

/**
 * The management endpoint's row of the role matrix with the embedded default: people authenticate
 * against Karaf's JAAS realm (etc/users.properties), no other server needed.
 */
public class ManagementAccessIT extends HomeportTestSupport {

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    private void assertStatus(String authorization, int status) throws Exception {
        HttpResponse<String> response = authorization == null
                ? get(management("/metrics"))
                : get(management("/metrics"), authorization);
        assertEquals(authorization + " → " + response.body(), status, response.statusCode());
        if (status != 200) {
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertFalse("the answer never repeats the credential",
                    authorization != null && response.body().contains(authorization.substring(authorization.indexOf(' ') + 1)));
        }
    }

    @Test
    public void healthIsOpenToProbesWithoutCredentials() throws Exception {
        assertEquals(200, get(management("/health")).statusCode());
    }

    @Test
    public void metricsNeedAnOperatorOrAnAuditor() throws Exception {
        assertStatus(basic("otto", "otto-pw"), 200);
        assertStatus(basic("audrey", "audrey-pw"), 200);
        assertStatus(demoUser(), 200);
        assertStatus(basic("walt", "walt-pw"), 403);
        assertStatus(basic("nora", "nora-pw"), 403);
    }

    @Test
    public void missingWrongOrMalformedCredentialsGet401WithAChallenge() throws Exception {
        assertStatus(null, 401);
        assertStatus(basic("otto", "wrong"), 401);
        assertStatus(basic("nobody", "x"), 401);
        assertStatus("Basic !!!not-base64", 401);
        assertStatus("Digest username=otto", 401);
        HttpResponse<String> response = get(management("/metrics"));
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("Basic"));
    }

    @Test
    public void failedAuthenticationsAreCountedByReason() throws Exception {
        get(management("/metrics"), basic("otto", "pw-never-shown-42"));

        String metrics = get(management("/metrics"), demoUser()).body();

        assertTrue(metrics, metrics.contains("homeport_security_authentications_total{method=\"jaas\",outcome=\"bad-credentials\"}"));
        assertFalse("no password ever becomes a label", metrics.contains("pw-never-shown-42"));
    }
}
