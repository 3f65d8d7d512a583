package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * {@code GET /admin/v1/components} (issue 20, item 9): what the node runs, and for every purpose and
 * pipeline whether it can take events or why it holds them back.
 */
public class ComponentsIT extends HomeportTestSupport {

    @Before
    public void nodeIsUp() {
        awaitHealthy();
        awaitAdminApi();
    }

    @Test
    public void installedPluginsAndEveryPurposesStateAreListed() throws Exception {
        HttpResponse<String> components = get(admin("/admin/v1/components"), demoUser());
        assertEquals(components.body(), 200, components.statusCode());
        String body = components.body();
        assertTrue(body, body.contains("\"bundle\":\"org.homeport.homeport-receiver-http\""));
        for (String anonymizer : new String[] {"hmac", "pii-redact", "generalize", "drop-fields"}) {
            assertTrue(anonymizer + " in " + body, body.contains("{\"name\":\"" + anonymizer + "\",\"bundle\":"));
        }
        assertTrue(body, body.matches(".*\\{\"name\":\"file\",\"bundle\":\"org.homeport.homeport-sink-file\",\"version\":\"[^\"]+\",\"aggregating\":false}.*"));
        assertTrue(body, body.matches(".*\\{\"name\":\"viewing-aggregates\",[^}]*\"aggregating\":true}.*"));
        assertTrue(body, body.contains("{\"name\":\"crash-reports\",\"status\":\"ok\",\"heldBack\":[]}"));
        assertTrue(body, body.contains("{\"name\":\"default\",\"status\":\"ok\",\"heldBack\":[]}"));
    }

    @Test
    public void aPurposeNamingAnAnonymizerNobodyInstalledIsShownHeldBackWithTheReason() throws Exception {
        Configuration purpose = configurationAdmin.getFactoryConfiguration("org.homeport.purpose", "site-survey", "?");
        purpose.update(new Hashtable<>(Map.of("description", "Where devices are installed", "legal.basis", "contract",
                "consent.default", "opt-out", "anonymizers", "coarse-location", "coarse-location.decimals", "2")));
        try {
            await("the purpose is shown held back").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> get(admin("/admin/v1/components"), demoUser()).body().contains(
                            "{\"name\":\"site-survey\",\"status\":\"held-back\","
                                    + "\"heldBack\":[\"anonymizer 'coarse-location' is not installed\"]}"));
        } finally {
            purpose.delete();
        }
    }

    @Test
    public void operatorsAuditorsAndComplianceOfficersMayReadItOthersMayNot() throws Exception {
        assertEquals(200, get(admin("/admin/v1/components"), basic("otto", "otto-pw")).statusCode());
        assertEquals(200, get(admin("/admin/v1/components"), basic("audrey", "audrey-pw")).statusCode());
        assertEquals(200, get(admin("/admin/v1/components"), basic("cora", "cora-pw")).statusCode());
        assertEquals(403, get(admin("/admin/v1/components"), basic("walt", "walt-pw")).statusCode());
        assertEquals(403, get(admin("/admin/v1/components"), basic("nora", "nora-pw")).statusCode());
        assertEquals(401, get(admin("/admin/v1/components")).statusCode());
    }
}
