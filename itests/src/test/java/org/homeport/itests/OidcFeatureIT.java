package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * The Keycloak feature as an operator meets it: uninstalled, bearer tokens are off although its
 * file and Config Admin's copy remain; installed with no issuer (as the feature ships its file) it
 * validates nothing and /health says what to set; with the issuer set, the realm's tokens work.
 * The suite's container has the feature booted with the build's Keycloak; the test leaves it so.
 */
public class OidcFeatureIT extends HomeportTestSupport {
    private static final String FEATURE = "homeport-security-keycloak";
    private static final String PID = "org.homeport.security.oidc";

    private HttpResponse<String> metricsWith(String token) throws Exception {
        return get(management("/metrics"), "Bearer " + token);
    }

    private void setIssuer(String issuer) throws Exception {
        Configuration oidc = configurationAdmin.getConfiguration(PID, null);
        Dictionary<String, Object> settings = oidc.getProperties() == null ? new Hashtable<>() : oidc.getProperties();
        settings.put("issuer", issuer);
        oidc.update(settings);
    }

    @Test
    public void uninstallingTurnsTokensOffAndAFreshInstallWaitsForAnIssuer() throws Exception {
        String issuer = keycloak() + "/realms/" + realm();
        String token = personToken("otto");
        await("the booted feature accepts the realm's tokens").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> metricsWith(token).statusCode() == 200);
        try {
            featuresService.uninstallFeature(FEATURE);
            await("tokens are refused once the feature is gone").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> metricsWith(token).statusCode() == 401);
            assertFalse(get(management("/health")).body().contains("oidc-issuer"));
            assertTrue("the issuer stays configured for a later install",
                    issuer.equals(configurationAdmin.getConfiguration(PID, null).getProperties().get("issuer")));

            setIssuer("");
            featuresService.installFeature(FEATURE);
            await("/health names the missing issuer").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> get(management("/health")).body().contains("\"status\":\"not-configured\""));
            HttpResponse<String> unset = get(management("/health"));
            assertEquals(unset.body(), 503, unset.statusCode());
            assertTrue(unset.body(), unset.body().contains("\"name\":\"oidc-issuer\"") && unset.body().contains("set 'issuer'"));
            assertEquals("an unset issuer validates nothing", 401, metricsWith(token).statusCode());
        } finally {
            setIssuer(issuer);
            featuresService.installFeature(FEATURE);
        }
        await("the realm's tokens are accepted again").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> metricsWith(token).statusCode() == 200);
        await("/health reports the issuer up").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> get(management("/health")).body().contains("{\"name\":\"oidc-issuer\",\"status\":\"up\""));
        assertTrue("metrics carry the dependency", metricsWith(token).body()
                .contains("homeport_dependency_up{dependency=\"oidc-issuer\"} 1"));
    }
}
