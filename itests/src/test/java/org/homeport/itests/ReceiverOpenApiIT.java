package org.homeport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;

/**
 * docs/openapi/receivers.yaml against the running distribution (HTTP receiver, OTLP receiver,
 * management endpoint): every documented path and method is probed, every probe's path and method
 * must be documented, every answer's status must be one the document lists for that operation, and
 * every problem type answered must be in its {@code ProblemType} list. A renamed path, a changed
 * status or a new problem type breaks it.
 */
public class ReceiverOpenApiIT extends HomeportTestSupport {
    private static final String YAML_BUNDLE = "mvn:org.yaml/snakeyaml/2.5";
    private static int otlpPort;

    @javax.inject.Inject
    private org.osgi.framework.BundleContext bundleContext;

    /** One request and the operation of the document it exercises. */
    private record Probe(String port, String path, String method, String what, HttpRequest.Builder request) {
    }

    private Probe probe(String port, String path, String method, String what, String contentType, String apiKey,
            String authorization, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portOf(port) + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new Probe(port, path, method.toLowerCase(Locale.ROOT), what, request);
    }

    private static int portOf(String name) {
        return switch (name) {
            case "receiver-http" -> Integer.getInteger("homeport.itest.receiver.port");
            case "receiver-otlp" -> otlpPort;
            case "management" -> Integer.getInteger("homeport.itest.management.port");
            default -> throw new AssertionError("the document names an unknown port: " + name);
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        String event = "[{\"type\":\"openapi.undeclared\",\"purpose\":\"nothing\",\"source\":{\"product\":\"openapi-it\"}}]";
        probes.add(probe("receiver-http", "/v1/events", "POST", "an undeclared type", "application/json", DEMO_KEY, null, utf8(event)));
        probes.add(probe("receiver-http", "/v1/events", "POST", "no credential", "application/json", null, null, utf8(event)));
        probes.add(probe("receiver-http", "/v1/events", "POST", "malformed JSON", "application/json", DEMO_KEY, null, utf8("[{")));
        probes.add(probe("receiver-http", "/v1/events", "POST", "a text body", "text/plain", DEMO_KEY, null, utf8("hello")));
        probes.add(probe("receiver-http", "/v1/events", "POST", "no events", "application/json", DEMO_KEY, null, utf8("[]")));
        for (String path : List.of("/v1/logs", "/v1/metrics")) {
            probes.add(probe("receiver-otlp", path, "POST", "an empty export", "application/json", DEMO_KEY, null, utf8("{}")));
            probes.add(probe("receiver-otlp", path, "POST", "an empty protobuf export", "application/x-protobuf", DEMO_KEY,
                    null, new byte[0]));
            probes.add(probe("receiver-otlp", path, "POST", "no credential", "application/json", null, null, utf8("{}")));
            probes.add(probe("receiver-otlp", path, "POST", "a wrong key", "application/x-protobuf", "hp_wrong_key_0000000",
                    null, new byte[0]));
            probes.add(probe("receiver-otlp", path, "POST", "malformed JSON", "application/json", DEMO_KEY, null, utf8("{")));
            probes.add(probe("receiver-otlp", path, "POST", "malformed protobuf", "application/x-protobuf", DEMO_KEY, null,
                    new byte[] {0x0A, 0x7F}));
            probes.add(probe("receiver-otlp", path, "POST", "a text body", "text/plain", DEMO_KEY, null, utf8("hello")));
            probes.add(probe("receiver-otlp", path, "POST", "too large", "application/json", DEMO_KEY, null,
                    new byte[4 * 1024 * 1024 + 1]));
        }
        probes.add(probe("receiver-otlp", "/v1/traces", "POST", "traces", "application/json", DEMO_KEY, null, utf8("{}")));
        probes.add(probe("management", "/health", "GET", "health", null, null, null, null));
        probes.add(probe("management", "/metrics", "GET", "no credential", null, null, null, null));
        probes.add(probe("management", "/metrics", "GET", "an operator", null, null, demoUser(), null));
        probes.add(probe("management", "/metrics", "GET", "a telemetry writer", null, null, basic("walt", "walt-pw"), null));
        return probes;
    }

    /** Requests to documented paths with undocumented methods: their answers must be documented too. */
    private List<Probe> wrongMethods() {
        return List.of(probe("receiver-http", "/v1/events", "GET", "GET", null, DEMO_KEY, null, null),
                probe("receiver-otlp", "/v1/logs", "GET", "GET", null, DEMO_KEY, null, null),
                probe("receiver-otlp", "/v1/metrics", "PUT", "PUT", "application/json", DEMO_KEY, null, utf8("{}")),
                probe("management", "/health", "POST", "POST", null, null, null, null),
                probe("management", "/metrics", "DELETE", "DELETE", null, null, demoUser(), null));
    }

    /** SnakeYAML, installed as Paho is by MqttReceiverIT: the probe loads it on first use. */
    private Map<String, Object> document() throws Exception {
        boolean installed = false;
        for (org.osgi.framework.Bundle bundle : bundleContext.getBundles()) {
            installed |= "org.yaml.snakeyaml".equals(bundle.getSymbolicName());
        }
        if (!installed) {
            bundleContext.installBundle(YAML_BUNDLE).start();
        }
        return OpenApiYaml.load(Paths.get(System.getProperty("homeport.receivers.openapi")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private void installOtlp() throws Exception {
        if (otlpPort == 0) {
            otlpPort = OtlpFeature.freePort();
        }
        OtlpFeature.install(featuresService, configurationAdmin, otlpPort, Map.of());
    }

    @Test
    public void everyDocumentedOperationAnswersOnlyDocumentedStatusesAndProblemTypes() throws Exception {
        awaitHealthy();
        installOtlp();
        Map<String, Object> document = document();
        Map<String, Object> paths = map(document.get("paths"));
        Set<String> problemTypes = new TreeSet<>((List<String>) map(map(map(document.get("components")).get("schemas"))
                .get("ProblemType")).get("enum"));
        List<String> wrong = new ArrayList<>();
        Set<String> probed = new LinkedHashSet<>();
        for (Probe probe : probes()) {
            Map<String, Object> path = map(paths.get(probe.path()));
            if (path == null || path.get(probe.method()) == null) {
                wrong.add(probe.method() + " " + probe.path() + " is probed but not documented");
                continue;
            }
            assertEquals(probe.path() + " is served on the port the document names", probe.port(), path.get("x-homeport-port"));
            probed.add(probe.method() + " " + probe.path());
            Set<String> statuses = map(map(path.get(probe.method())).get("responses")).keySet();
            check(probe, statuses, problemTypes, wrong);
        }
        for (Probe probe : wrongMethods()) {
            Map<String, Object> path = map(paths.get(probe.path()));
            // a method a path does not document is answered by the path's documented 405
            Set<String> statuses = new LinkedHashSet<>();
            for (Object operation : path.values()) {
                if (operation instanceof Map<?, ?> op && op.get("responses") != null) {
                    statuses.addAll(map(op.get("responses")).keySet());
                }
            }
            statuses.retainAll(Set.of("405"));
            check(probe, statuses, problemTypes, wrong);
        }
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            for (String method : map(path.getValue()).keySet()) {
                if (Set.of("get", "post", "put", "delete", "head", "patch").contains(method)
                        && !probed.contains(method + " " + path.getKey())) {
                    wrong.add(method + " " + path.getKey() + " is documented but no probe exercises it");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private void check(Probe probe, Set<String> statuses, Set<String> problemTypes, List<String> wrong) throws Exception {
        HttpResponse<String> response = http.send(probe.request().build(), HttpResponse.BodyHandlers.ofString());
        String status = Integer.toString(response.statusCode());
        String label = probe.method() + " " + probe.path() + " (" + probe.what() + ")";
        if (!statuses.contains(status)) {
            wrong.add(label + " answered " + status + ", documented: " + statuses);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (contentType.startsWith("application/problem+json")) {
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("\"type\":\"https://homeport.dev/problems/([a-z0-9-]+)\"")
                    .matcher(response.body());
            if (!type.find() || !problemTypes.contains(type.group(1))) {
                wrong.add(label + " answered an undocumented problem: " + response.body());
            }
        } else if (probe.port().equals("receiver-otlp") && response.statusCode() >= 400
                && contentType.startsWith("application/json")
                && !response.body().matches("\\{\"code\":\\d+,\"message\":\".*\"\\}")) {
            wrong.add(label + " answered " + status + " without a google.rpc.Status: " + response.body());
        }
    }
}
