package org.homeport.sink.elasticsearch.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The validated settings of one Elasticsearch sink. Secrets are read from files (relative paths resolve
 * against {@code ${karaf.etc}}) and never appear in {@link #toString()}.
 */
record Settings(String name, List<URI> hosts, IndexNames names, String templateName, int shards, int replicas,
        int fieldsLimit, boolean dynamicAttributes, String username, String password, String apiKey,
        Path trustStore, char[] trustStorePassword, String trustStoreType, Duration connectTimeout,
        Duration responseTimeout, Duration retryInitial, Duration retryMax, int retryAttempts, Duration writeDeadline,
        long bulkMaxBytes, Duration healthInterval) {

    Settings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("homeport.sink.name must not be blank");
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts must name at least one http(s)://host:port");
        }
        if (shards < 1 || replicas < 0 || fieldsLimit < 10) {
            throw new IllegalArgumentException("index.shards >= 1, index.replicas >= 0, index.fields.limit >= 10");
        }
        if (bulkMaxBytes < 1024) {
            throw new IllegalArgumentException("bulk.max.bytes must be at least 1024");
        }
        if (!templateName.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("template.name must be [a-z0-9][a-z0-9._-]*");
        }
        if (apiKey != null && username != null) {
            throw new IllegalArgumentException("set either api.key.file or username, not both");
        }
        hosts = List.copyOf(hosts);
    }

    @Override
    public String toString() {
        return "hosts=" + hosts + ", index.pattern=" + names.pattern() + ", template.name=" + templateName
                + ", auth=" + (apiKey != null ? "api-key" : username != null ? "basic" : "none")
                + ", truststore=" + (trustStore == null ? "default" : trustStore);
    }

    static Settings from(ElasticsearchSink.Config config, String karafEtc) {
        Path etc = Paths.get(karafEtc == null || karafEtc.isBlank() ? "./etc" : karafEtc);
        String name = config.homeport_sink_name().strip();
        String template = config.template_name().strip().isEmpty() ? "homeport-" + name : config.template_name().strip();
        String username = blankToNull(config.username());
        String password = null;
        if (username != null) {
            String file = blankToNull(config.password_file());
            if (file == null) {
                throw new IllegalArgumentException("username is set: password.file must name the file holding the password");
            }
            password = readSecret(etc, file, "password.file");
        }
        String apiKeyFile = blankToNull(config.api_key_file());
        String apiKey = apiKeyFile == null ? null : readSecret(etc, apiKeyFile, "api.key.file");
        String trustStoreFile = blankToNull(config.truststore_path());
        Path trustStore = trustStoreFile == null ? null : etc.resolve(trustStoreFile).normalize();
        char[] trustStorePassword = null;
        if (trustStore != null && blankToNull(config.truststore_password_file()) != null) {
            trustStorePassword = readSecret(etc, config.truststore_password_file().strip(), "truststore.password.file")
                    .toCharArray();
        }
        return new Settings(name, hosts(config.hosts()), new IndexNames(config.index_pattern()), template,
                config.index_shards(), config.index_replicas(), config.index_fields_limit(),
                parseAttributes(config.attributes_mapping()), username, password, apiKey, trustStore,
                trustStorePassword, config.truststore_type().strip(), positive(config.timeout_connect_ms(), "timeout.connect.ms"),
                positive(config.timeout_response_ms(), "timeout.response.ms"), positive(config.retry_initial_ms(), "retry.initial.ms"),
                positive(config.retry_max_ms(), "retry.max.ms"), config.retry_attempts(),
                positive(config.write_deadline_ms(), "write.deadline.ms"), config.bulk_max_bytes(),
                Duration.ofSeconds(Math.max(1, config.health_interval_seconds())));
    }

    static List<URI> hosts(String[] values) {
        List<URI> hosts = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String one : value.split(",")) {
                String host = one.strip();
                if (host.isEmpty()) {
                    continue;
                }
                URI uri;
                try {
                    uri = URI.create(host);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("hosts: not a URL: " + host, e);
                }
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw new IllegalArgumentException("hosts: expected http(s)://host:port, was " + host);
                }
                if (uri.getUserInfo() != null) {
                    throw new IllegalArgumentException("hosts: no credentials in the URL; use username/password.file or api.key.file");
                }
                hosts.add(uri);
            }
        }
        return hosts;
    }

    private static boolean parseAttributes(String value) {
        return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
            case "dynamic" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("attributes.mapping must be 'dynamic' or 'none', was '" + value + "'");
        };
    }

    private static Duration positive(long millis, String key) {
        if (millis <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + millis);
        }
        return Duration.ofMillis(millis);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The file's content without surrounding whitespace; the message names the key, never the content. */
    static String readSecret(Path etc, String file, String key) {
        Path path = etc.resolve(file).normalize();
        try {
            String secret = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(key + ": " + path + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
