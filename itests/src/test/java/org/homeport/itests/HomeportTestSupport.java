package org.homeport.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Starts the real Homeport distribution once for the whole suite (the tar.gz the build just made),
 * on free ports, and gives tests an HTTP client and a view of the file sink's output.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public abstract class HomeportTestSupport {
    protected static final String DEMO_KEY = "hp_demo_7Qm2xV9cLr4tWz8KpN3s";
    private static final String KARAF_VERSION = "4.4.10";

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    @Inject
    protected FeaturesService featuresService;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        String distribution = System.getProperty("homeport.distribution");
        String localRepository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        String keycloak = System.getProperty("homeport.keycloak.url", "");
        String realm = System.getProperty("homeport.keycloak.realm", "homeport");
        int receiverPort = freePort();
        int managementPort = freePort();
        int adminPort = freePort();
        int sshPort = freePort();
        String mvnCfg = "etc/org.ops4j.pax.url.mvn.cfg";
        List<String> jvmOptions = distributionJvmOptions(distribution);
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl("file:" + distribution).name("Homeport")
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            // The node runs as ./homeport start runs it: with its SSH shell (etc/org.apache.karaf.shell.cfg),
            // here on a free port. Every suite alike: one configuration for all (ShellIT logs in).
            configureConsole().ignoreLocalConsole().startRemoteShell(),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort)),
            systemProperty("homeport.itest.ssh.port").value(String.valueOf(sshPort)),
            logLevel(LogLevel.INFO),
            // Only the local repository and Central: the stock list has snapshot repositories that are unreachable here.
            editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.localRepository", localRepository),
            editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.defaultRepositories",
                    "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots,file:" + localRepository
                            + "@id=local@snapshots"),
            editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.repositories", "https://repo1.maven.org/maven2@id=central"),
            editConfigurationFilePut("etc/org.homeport.receiver.http.cfg", "port", String.valueOf(receiverPort)),
            editConfigurationFilePut("etc/org.homeport.management.cfg", "port", String.valueOf(managementPort)),
            editConfigurationFilePut("etc/org.homeport.admin.cfg", "port", String.valueOf(adminPort)),
            // Every test calls from 127.0.0.1; failures in one must not throttle the next (throttling has its own tests).
            editConfigurationFilePut("etc/org.homeport.security.cfg", "throttle.max.failures", "100000"),
            editConfigurationFilePut("etc/org.homeport.security.cfg", "throttle.source.max.failures", "100000"),
            // JAAS users for the role matrix, next to the distribution's demo user.
            editConfigurationFilePut("etc/users.properties", "audrey", "audrey-pw,auditor"),
            editConfigurationFilePut("etc/users.properties", "otto", "otto-pw,operator"),
            editConfigurationFilePut("etc/users.properties", "walt", "walt-pw,telemetry-writer"),
            editConfigurationFilePut("etc/users.properties", "nora", "nora-pw"),
            editConfigurationFilePut("etc/users.properties", "cora", "cora-pw,compliance-officer"),
            editConfigurationFilePut("etc/users.properties", "dora", "dora-pw,device-recovery-officer"),
            // Test libraries the probe uses inside the container.
            mavenBundle("org.hamcrest", "hamcrest", "2.1"),
            mavenBundle("org.awaitility", "awaitility", "4.3.0"),
            systemProperty("homeport.keycloak.url").value(keycloak),
            // The real Elasticsearch the build started, and how ElasticsearchSinkIT stops and restarts it.
            composite(Stream.of("url", "scripts", "work", "java", "port")
                    .map(key -> systemProperty("homeport.elasticsearch." + key)
                            .value(System.getProperty("homeport.elasticsearch." + key, "")))
                    .toArray(Option[]::new)),
            // The real Kafka broker the build started, and how KafkaSinkIT stops, resumes and reads it.
            composite(Stream.of("bootstrap", "script", "work", "classpath")
                    .map(key -> systemProperty("homeport.kafka." + key).value(System.getProperty("homeport.kafka." + key, "")))
                    .toArray(Option[]::new)),
            systemProperty("homeport.keycloak.realm").value(realm),
            composite(keycloakOptions(keycloak, realm)),
            systemProperty("homeport.itest.receiver.port").value(String.valueOf(receiverPort)),
            systemProperty("homeport.itest.management.port").value(String.valueOf(managementPort)),
            systemProperty("homeport.itest.admin.port").value(String.valueOf(adminPort)),
            systemProperty("homeport.security.doc").value(System.getProperty("homeport.security.doc", "")),
            // OtlpReceiverIT's OpenTelemetry SDK (classpath file, test classes) and ReceiverOpenApiIT's document:
            // set here, since every suite shares the one container (PerSuite) whichever class starts it.
            systemProperty("homeport.otel.classpath").value(System.getProperty("homeport.otel.classpath", "")),
            systemProperty("homeport.itest.classes").value(System.getProperty("homeport.itest.classes", "")),
            systemProperty("homeport.receivers.openapi").value(System.getProperty("homeport.receivers.openapi", "")),
            // The memory bounds the distribution ships (bin/setenv), which Pax Exam does not read:
            // it starts java itself. HostileInputIT checks the container really runs with them.
            vmOptions(jvmOptions.toArray(String[]::new)),
            systemProperty(JVM_OPTIONS_PROPERTY).value(String.join(" ", jvmOptions)),
            // What bin/karaf adds on Java 9+; Pax Exam does not, and XML parsing in bundles breaks without it.
            // Paths are relative to the unpacked distribution, the container's working directory.
            vmOptions("--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar",
                    "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar",
                    "--add-opens", "java.base/java.security=ALL-UNNAMED",
                    "--add-opens", "java.base/java.net=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/java.util=ALL-UNNAMED",
                    "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                    "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*")
        };
    }

    /** The real Keycloak the build started: the {@code homeport-security-keycloak} feature is booted and its realm's tokens accepted. */
    private static Option[] keycloakOptions(String keycloak, String realm) {
        return new Option[] {
            editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot", "homeport-security-keycloak"),
            editConfigurationFilePut("etc/org.homeport.security.oidc.cfg", "issuer", keycloak + "/realms/" + realm),
            editConfigurationFilePut("etc/org.homeport.security.oidc.cfg", "audience", "homeport"),
            // Expiry is tested with 2 s tokens; the default skew of 30 s would hide it.
            editConfigurationFilePut("etc/org.homeport.security.oidc.cfg", "clock.skew.seconds", "1"),
            // Tests rotate keys and expire tokens seconds apart; the default refresh pause of 10 s would blur that.
            editConfigurationFilePut("etc/org.homeport.security.oidc.cfg", "key.refresh.min.seconds", "1"),
        };
    }

    /** The system property inside the container holding the JVM options taken from the distribution's bin/setenv. */
    protected static final String JVM_OPTIONS_PROPERTY = "homeport.itest.jvm.options";

    /**
     * The JVM options the distribution's {@code bin/start} and {@code bin/karaf} use: its
     * {@code bin/setenv}, taken from the tar.gz and sourced by {@code sh} exactly as Karaf's scripts
     * do (so {@code HOMEPORT_HEAP} and the other variables in this JVM's environment apply too), and
     * its {@code HOMEPORT_JVM_OPTS}.
     */
    static List<String> distributionJvmOptions(String distribution) {
        try {
            byte[] setenv = tarGzEntry(Paths.get(distribution), "bin/setenv");
            Path script = Files.createTempFile("homeport-setenv", ".sh");
            try {
                Files.write(script, setenv);
                Process shell = new ProcessBuilder("sh", "-c", ". \"$1\" && printf '%s' \"$HOMEPORT_JVM_OPTS\"", "sh",
                        script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String options = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (shell.waitFor() != 0 || options.isEmpty()) {
                    throw new IllegalStateException("bin/setenv of " + distribution + " sets no HOMEPORT_JVM_OPTS");
                }
                return List.of(options.split("\\s+"));
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The content of {@code <top directory>/<path>} in a tar.gz (ustar headers, as the Karaf plugin writes). */
    private static byte[] tarGzEntry(Path archive, String path) throws IOException {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(archive))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                byte[] content = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (name.equals(path) || name.matches("[^/]+/" + java.util.regex.Pattern.quote(path))) {
                    return content;
                }
            }
        }
        throw new IllegalStateException(archive + " has no " + path);
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static URI receiver(String path) {
        return URI.create("http://127.0.0.1:" + Integer.getInteger("homeport.itest.receiver.port") + path);
    }

    protected static URI management(String path) {
        return URI.create("http://127.0.0.1:" + Integer.getInteger("homeport.itest.management.port") + path);
    }

    protected static URI admin(String path) {
        return URI.create("http://127.0.0.1:" + Integer.getInteger("homeport.itest.admin.port") + path);
    }

    /** Any method, with optional Authorization header and JSON body. */
    /** A request to the admin port's consent API as a device does it, with the demo key. */
    protected HttpResponse<String> device(String method, String path, String jsonBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(admin(path)).timeout(Duration.ofSeconds(30))
                .header("X-Api-Key", DEMO_KEY)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(String method, URI uri, String authorization, String jsonBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return post(body, DEMO_KEY);
    }

    protected HttpResponse<String> post(String body, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver("/v1/events")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> postGzip(byte[] gzipped) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(receiver("/v1/events")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .header("X-Api-Key", DEMO_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the Authorization header given, e.g. a bearer token or Basic credentials. */
    protected HttpResponse<String> get(URI uri, String authorization) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Authorization", authorization)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Basic credentials of the distribution's demo user (operator, auditor, compliance officer). */
    protected static String demoUser() {
        return basic("demo", "demo");
    }

    protected static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** Where the default file sink writes: data/homeport/events/<purpose>/<day>.jsonl. */
    protected static Path eventsDirectory() {
        return Paths.get(System.getProperty("karaf.data"), "homeport", "events");
    }

    /**
     * Every line the file sink wrote for a purpose, all days and rotations, once the journal has
     * delivered to it everything acknowledged so far (an acknowledgement means durable in the journal).
     */
    protected static List<String> storedLines(String purpose) {
        awaitFileSinkCaughtUp();
        Path dir = eventsDirectory().resolve(purpose);
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static final HttpClient HEALTH_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Waits until /health shows no backlog for the file sink (or no file sink in the journal at all). */
    protected static void awaitFileSinkCaughtUp() {
        awaitJournalDelivered("file", true);
    }

    /**
     * Waits until /health shows that the journal holds nothing more for {@code sink}; with
     * {@code mayBeAbsent}, also when the journal has never had an event for it.
     */
    private static void awaitJournalDelivered(String sink, boolean mayBeAbsent) {
        String entry = "{\"sink\":\"" + sink + "\",";
        await("the journal has delivered everything to " + sink).atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> {
                    String health = HEALTH_CLIENT.send(HttpRequest.newBuilder(management("/health"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    return health.contains(entry + "\"events\":0,") || mayBeAbsent && !health.contains(entry);
                });
    }

    protected static List<String> storedLinesContaining(String purpose, String text) {
        List<String> matching = new ArrayList<>();
        for (String line : storedLines(purpose)) {
            if (line.contains(text)) {
                matching.add(line);
            }
        }
        return matching;
    }

    protected static String keycloak() {
        return System.getProperty("homeport.keycloak.url");
    }

    protected static String realm() {
        return System.getProperty("homeport.keycloak.realm", "homeport");
    }

    protected String tokenRequest(String realmName, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(keycloak() + "/realms/" + realmName + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertTrue(response.body(), token.find());
        return token.group(1);
    }

    protected String userToken(String client, String secret, String user) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", client);
        form.put("client_secret", secret);
        form.put("username", user);
        form.put("password", user + "-pw");
        form.put("scope", "openid");
        return tokenRequest(realm(), form);
    }

    /** A token of the build's Keycloak for one of its realm's users (password {@code <user>-pw}). */
    protected String personToken(String user) throws Exception {
        return userToken("homeport-console", "console-secret", user);
    }

    /** Waits until the node reports UP (all declarations valid, every pipeline can deliver). */
    protected void awaitHealthy() {
        await("/health answers 200").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get(management("/health")).statusCode() == 200);
    }

    /**
     * Waits until the journal holds nothing more for {@code sink}: an acknowledgement means durable
     * in the journal, and delivery to the sink follows.
     */
    protected void awaitDelivered(String sink) {
        awaitJournalDelivered(sink, false);
    }

    /**
     * A purpose (opt-out, so events of subjects pass), event types with the given fields, and a pipeline
     * that delivers the purpose to {@code sink}.
     */
    protected void declarePurposeToSink(String purpose, String sink, Map<String, String> typesAndFields) throws Exception {
        configurationAdmin.getFactoryConfiguration("org.homeport.purpose", purpose, "?").update(new Hashtable<>(Map.of(
                "legal.basis", "legitimate-interest", "consent.default", "opt-out")));
        for (Map.Entry<String, String> type : typesAndFields.entrySet()) {
            configurationAdmin.getFactoryConfiguration("org.homeport.eventtype", type.getKey(), "?")
                    .update(new Hashtable<>(Map.of("purposes", purpose, "fields", type.getValue())));
        }
        configurationAdmin.getFactoryConfiguration("org.homeport.pipeline", purpose, "?")
                .update(new Hashtable<>(Map.of("purposes", purpose, "sinks", sink)));
    }

    /** Posts until the pipeline takes the purpose (a new pipeline binds a moment after its configuration). */
    protected void postAccepted(String batch) {
        await("the receiver accepts the batch").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            HttpResponse<String> response = post(batch);
            return response.statusCode() == 200 && !response.body().contains("\"errors\":[{");
        });
    }

    /** A process's exit code and everything it printed (standard output and error together). */
    protected record ProcessRun(int exit, String output) {
    }

    /** Runs {@code command} with {@code stdin} (or none), waiting at most two minutes. */
    protected static ProcessRun runProcess(List<String> command, byte[] stdin) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the process went away; what it printed so far is kept
            }
        });
        reader.start();
        assertTrue(command.get(0) + " finishes", process.waitFor(120, TimeUnit.SECONDS));
        reader.join(10_000);
        return new ProcessRun(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    /** Waits until the admin API serves its key and purpose routes (their services bind after start). */
    protected void awaitAdminApi() {
        await("the admin API answers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get(admin("/admin/v1/api-keys"), demoUser()).statusCode() == 200
                        && get(admin("/admin/v1/purposes"), demoUser()).statusCode() == 200);
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID();
    }

    /** Walks the matrix with the given credentials per role; placeholders get fresh values per cell. */
    protected List<String> walkRoleMatrix(RoleMatrix matrix, Function<String, String> credentials) throws Exception {
        // The import takes JSON lines; every other write takes a JSON object.
        RoleMatrix.Sender sender = (method, uri, authorization, body) -> uri.getPath().endsWith("/consent/import")
                ? importLines(uri, authorization, "{\"subject\":\"s-matrix\",\"purpose\":\"crash-reports\",\"state\":\"granted\"}\n")
                : send(method, uri, authorization, body);
        return matrix.walk(sender, credentials, port -> port == 8481 ? management("").toString() : admin("").toString(),
                Map.of("{name}", row -> freshKey(), "{id}", this::purposeFor, "{tenant}", row -> "acme",
                        "{device}", row -> "d-matrix", "{subject}", row -> "s-matrix", "{sink}", row -> "file"),
                row -> row.method().equals("POST") && row.template().equals("/admin/v1/api-keys")
                        ? "{\"name\":\"matrix-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"tenant\":\"matrix\"}"
                        : row.template().equals("/admin/v1/journal/replay") ? "{\"sink\":\"file\",\"from\":1,\"to\":1}"
                        : row.method().equals("PUT") && row.template().startsWith("/admin/v1/purposes/") ? MATRIX_POLICY
                        : row.method().equals("PUT") ? "{\"state\":\"granted\"}"
                        : row.method().equals("POST") ? "{}" : null);
    }

    private static final String MATRIX_POLICY =
            "{\"description\":\"matrix\",\"legalBasis\":\"contract\",\"consentDefault\":\"opt-out\"}";

    /** A declared purpose to read; a new one to declare or retire, so the walk changes no real purpose. */
    private String purposeFor(RoleMatrix.Row row) {
        if (!row.template().startsWith("/admin/v1/purposes/{id}") || row.method().equals("GET")) {
            return "crash-reports";
        }
        String id = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        if (row.method().equals("DELETE")) {
            try {
                HttpResponse<String> declared = send("PUT", admin("/admin/v1/purposes/" + id), demoUser(), MATRIX_POLICY);
                assertEquals(declared.body(), 200, declared.statusCode());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return id;
    }

    /** POSTs JSON lines to a consent import endpoint. */
    protected HttpResponse<String> importLines(URI uri, String authorization, String lines)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(lines));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

    /** Runs one Karaf shell command as the container's own shell would, and returns what it printed. */
    protected static String runShell(org.apache.karaf.shell.api.console.SessionFactory sessions, String command)
            throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session =
                sessions.create(new java.io.ByteArrayInputStream(new byte[0]), out, out);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
