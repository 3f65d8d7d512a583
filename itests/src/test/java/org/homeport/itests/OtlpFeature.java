package org.homeport.itests;

import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Installs homeport-receiver-otlp on a port of the test's choosing. Its configuration file is
 * written first, so the feature (whose configfile does not override) keeps it and the receiver never
 * binds 4318, which another process on the machine may hold.
 */
final class OtlpFeature {
    private OtlpFeature() {
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void install(FeaturesService features, ConfigurationAdmin configurationAdmin, int port,
            Map<String, String> settings) throws Exception {
        Map<String, String> wanted = new TreeMap<>(settings);
        wanted.put("port", Integer.toString(port));
        StringBuilder file = new StringBuilder("# written by the integration test before the feature is installed\n");
        wanted.forEach((key, value) -> file.append(key).append(" = ").append(value).append('\n'));
        Path cfg = Paths.get(System.getProperty("karaf.etc"), "org.homeport.receiver.otlp.cfg");
        if (!Files.exists(cfg) || !Files.readString(cfg).equals(file.toString())) {
            Files.writeString(cfg, file.toString(), StandardCharsets.UTF_8);
        }
        await("Felix FileInstall has read " + cfg).atMost(Duration.ofSeconds(60)).until(() -> {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=org.homeport.receiver.otlp)");
            return found != null && found[0].getProperties() != null
                    && Integer.toString(port).equals(String.valueOf(found[0].getProperties().get("port")));
        });
        if (!features.isInstalled(features.getFeature("homeport-receiver-otlp"))) {
            features.installFeature("homeport-receiver-otlp");
        }
        await("the OTLP receiver listens on " + port).atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
    }
}
