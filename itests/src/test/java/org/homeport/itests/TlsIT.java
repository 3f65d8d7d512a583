package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * TLS on the receiver, the management endpoint and the admin API from a configured key store, exercised with the
 * JDK's TLS client that trusts only that key store's certificate.
 */
public class TlsIT extends HomeportTestSupport {
    private static final String PASSWORD = "tls-test-pw";

    @Before
    public void nodeIsUp() {
        awaitHealthy();
    }

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool. */
    private static Path keyStore() throws Exception {
        Path file = Paths.get(System.getProperty("karaf.etc"), "homeport-itest-tls.p12");
        if (Files.exists(file)) {
            return file;
        }
        Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "homeport", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue("keytool: " + output, keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0);
        return file;
    }

    private static HttpClient trustingOnly(Path keyStoreFile) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            trusted.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> props) {
        Dictionary<String, Object> copy = new Hashtable<>();
        if (props != null) {
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, props.get(key));
            }
        }
        return copy;
    }

    @Test
    public void receiverManagementAndAdminServeTlsFromTheConfiguredKeyStore() throws Exception {
        Path store = keyStore();
        HttpClient client = trustingOnly(store);
        Configuration receiver = configurationAdmin.getConfiguration("org.homeport.receiver.http", null);
        Configuration management = configurationAdmin.getConfiguration("org.homeport.management", null);
        Dictionary<String, Object> receiverBefore = copy(receiver.getProperties());
        Dictionary<String, Object> managementBefore = copy(management.getProperties());
        Configuration admin = configurationAdmin.getConfiguration("org.homeport.admin", null);
        Dictionary<String, Object> adminBefore = copy(admin.getProperties());
        String id = uniqueId("tls");
        try {
            Dictionary<String, Object> tlsReceiver = copy(receiverBefore);
            tlsReceiver.put("tls.keystore", store.getFileName().toString());
            tlsReceiver.put("tls.keystore.password", PASSWORD);
            receiver.update(tlsReceiver);
            Dictionary<String, Object> tlsManagement = copy(managementBefore);
            tlsManagement.put("tls.keystore", store.toString());
            tlsManagement.put("tls.keystore.password", PASSWORD);
            management.update(tlsManagement);
            Dictionary<String, Object> tlsAdmin = copy(adminBefore);
            tlsAdmin.put("tls.keystore", store.toString());
            tlsAdmin.put("tls.keystore.password", PASSWORD);
            admin.update(tlsAdmin);

            HttpRequest post = HttpRequest.newBuilder(java.net.URI.create(receiver("/v1/events").toString().replace("http:", "https:")))
                    .header("X-Api-Key", DEMO_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Batches.array(Batches.crashReport(id, "user-1", "over tls"))))
                    .build();
            await("the receiver answers over TLS").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.send(post, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

            HttpRequest health = HttpRequest.newBuilder(java.net.URI.create(management("/health").toString().replace("http:", "https:")))
                    .GET().build();
            await("the management endpoint answers over TLS").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

            HttpRequest keys = HttpRequest.newBuilder(java.net.URI.create(admin("/admin/v1/api-keys").toString()
                    .replace("http:", "https:"))).header("Authorization", demoUser()).GET().build();
            await("the admin API answers over TLS").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.send(keys, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

            await("plain HTTP is no longer served").atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    post(Batches.array(Batches.crashReport(uniqueId("plain"), "user-1", "x")));
                    return false;
                } catch (java.io.IOException expected) {
                    return true;
                }
            });
        } finally {
            receiver.update(receiverBefore);
            management.update(managementBefore);
            admin.update(adminBefore);
        }
        await("plain HTTP is back").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> post(Batches.array(Batches.crashReport(uniqueId("back"), "user-1", "x"))).statusCode() == 200);
        awaitHealthy();
        // read once /health answers in plain HTTP again: the file sink is fed from the journal meanwhile
        assertEquals("the event sent over TLS was stored", 1, storedLinesContaining("crash-reports", id).size());
    }
}
