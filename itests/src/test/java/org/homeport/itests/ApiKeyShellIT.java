package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;

/** An operator issues, lists and revokes a device key in the Karaf shell; devices feel it at once. */
public class ApiKeyShellIT extends HomeportTestSupport {

    @Inject
    protected SessionFactory sessionFactory;

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    private String shell(String command) throws Exception {
        return runShell(sessionFactory, command);
    }

    @Test
    public void keyCreatedInTheShellWritesOnlyForItsTenantAndPurposesUntilRevoked() throws Exception {
        String created = shell("homeport:apikey-create --tenant acme --purposes crash-reports meet-fleet");
        Matcher key = Pattern.compile("hp_[A-Za-z0-9]{28}").matcher(created);
        assertTrue(created, key.find());
        String apiKey = key.group();

        String id = uniqueId("acme");
        await("the new key is accepted").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(Batches.array(Batches.crashReport(uniqueId("probe"), "user-1", "x")), apiKey)
                        .statusCode() == 200);
        HttpResponse<String> stored = post(Batches.array(Batches.crashReport(id, "user-1", "x")), apiKey);
        assertEquals(stored.body(), 200, stored.statusCode());
        assertTrue(storedLinesContaining("crash-reports", id).get(0).contains("\"tenant\":\"acme\""));

        HttpResponse<String> otherPurpose = post(Batches.array(Batches.performance(uniqueId("p"), "user-1", "X")), apiKey);
        assertEquals(otherPurpose.body(), 422, otherPurpose.statusCode());
        assertTrue(otherPurpose.body(), otherPurpose.body().contains("purpose-not-permitted"));

        String listed = shell("homeport:apikey-list");
        assertTrue(listed, listed.contains("meet-fleet") && listed.contains("acme") && listed.contains("crash-reports"));
        assertFalse("the key is never shown again", listed.contains(apiKey));

        Path file = Paths.get(System.getProperty("karaf.etc"), "org.homeport.apikey-meet-fleet.cfg");
        await("the key is saved in etc/").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
        String saved = Files.readString(file);
        assertTrue(saved, saved.contains("key.sha256"));
        assertFalse("only the hash is stored", saved.contains(apiKey));

        shell("homeport:apikey-revoke meet-fleet");
        await("the revoked key is refused").atMost(Duration.ofSeconds(30))
                .until(() -> post(Batches.array(Batches.crashReport(uniqueId("late"), "user-1", "x")), apiKey)
                        .statusCode() == 401);
    }

    @Test
    public void purposesAndPipelinesAreListedInTheShell() throws Exception {
        String purposes = shell("homeport:purposes");
        assertTrue(purposes, purposes.contains("crash-reports") && purposes.contains("legitimate-interest")
                && purposes.contains("30d"));
        assertTrue(purposes, purposes.contains("marketing") && purposes.contains("opt-in"));

        String pipelines = shell("homeport:pipelines");
        assertTrue(pipelines, pipelines.contains("default") && pipelines.contains("file") && pipelines.contains("ok"));

        String health = shell("homeport:health");
        assertTrue(health, health.contains("UP"));
    }

    @Test
    public void rotatedKeyOverlapsWithTheNewOneThenStops() throws Exception {
        Matcher created = Pattern.compile("hp_[A-Za-z0-9]{28}").matcher(shell("homeport:apikey-create --tenant demo rot-fleet"));
        assertTrue(created.find());
        String oldKey = created.group();
        await("the new key is accepted").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(Batches.array(Batches.crashReport(uniqueId("r"), "user-1", "x")), oldKey).statusCode() == 200);

        String rotated = shell("homeport:apikey-rotate --overlap 15s rot-fleet");
        Matcher fresh = Pattern.compile("hp_[A-Za-z0-9]{28}").matcher(rotated);
        assertTrue(rotated, fresh.find());
        String newKey = fresh.group();

        await("the rotated key is accepted").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(Batches.array(Batches.crashReport(uniqueId("n"), "user-1", "x")), newKey).statusCode() == 200);
        assertEquals("the old key still works during the overlap", 200,
                post(Batches.array(Batches.crashReport(uniqueId("o"), "user-1", "x")), oldKey).statusCode());
        String listed = shell("homeport:apikey-list");
        assertTrue(listed, listed.contains("rot-fleet"));

        await("the old key stops when the overlap ends").atMost(Duration.ofSeconds(60))
                .until(() -> post(Batches.array(Batches.crashReport(uniqueId("late"), "user-1", "x")), oldKey).statusCode() == 401);
        assertEquals(200, post(Batches.array(Batches.crashReport(uniqueId("still"), "user-1", "x")), newKey).statusCode());
    }
}
