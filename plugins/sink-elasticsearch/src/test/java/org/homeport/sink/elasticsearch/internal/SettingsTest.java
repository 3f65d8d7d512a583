package org.homeport.sink.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path etc;

    /** The metatype defaults, with some values replaced, as Declarative Services hands them in. */
    private static ElasticsearchSink.Config config(Map<String, Object> values) {
        return (ElasticsearchSink.Config) Proxy.newProxyInstance(SettingsTest.class.getClassLoader(),
                new Class<?>[] {ElasticsearchSink.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return ElasticsearchSink.Config.class;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    @Test
    void defaultsGiveALocalNodeWithoutCredentials() {
        Settings settings = Settings.from(config(Map.of()), etc.toString());

        assertThat(settings.name()).isEqualTo("elasticsearch");
        assertThat(settings.hosts()).containsExactly(URI.create("http://127.0.0.1:9200"));
        assertThat(settings.templateName()).isEqualTo("homeport-elasticsearch");
        assertThat(settings.apiKey()).isNull();
        assertThat(settings.username()).isNull();
        assertThat(settings.names().pattern()).isEqualTo("homeport-{tenant}-{purpose}-{yyyy.MM.dd}");
        assertThat(settings.writeDeadline().toMillis()).isLessThan(30_000);
    }

    @Test
    void readsSeveralHostsAndSecretsFromFilesUnderEtcWithoutShowingThem() throws Exception {
        Files.writeString(etc.resolve("es.apikey"), "c2VjcmV0LWtleQ==\n");
        Map<String, Object> values = new HashMap<>();
        values.put("hosts", new String[] {"https://es1:9200, https://es2:9200"});
        values.put("api_key_file", "es.apikey");
        Settings settings = Settings.from(config(values), etc.toString());

        assertThat(settings.hosts()).containsExactly(URI.create("https://es1:9200"), URI.create("https://es2:9200"));
        assertThat(settings.apiKey()).isEqualTo("c2VjcmV0LWtleQ==");
        assertThat(settings.toString()).contains("api-key").doesNotContain("c2VjcmV0LWtleQ==");
    }

    @Test
    void refusesWhatCannotWork() throws Exception {
        assertThatThrownBy(() -> Settings.from(config(Map.of("hosts", new String[] {"es1:9200"})), etc.toString()))
                .hasMessageContaining("http(s)://");
        assertThatThrownBy(() -> Settings.from(config(Map.of("hosts", new String[] {"http://u:p@es1:9200"})), etc.toString()))
                .hasMessageContaining("no credentials");
        assertThatThrownBy(() -> Settings.from(config(Map.of("username", "homeport")), etc.toString()))
                .hasMessageContaining("password.file");
        assertThatThrownBy(() -> Settings.from(config(Map.of("api_key_file", "missing")), etc.toString()))
                .hasMessageContaining("api.key.file");
        Files.writeString(etc.resolve("pw"), "secret");
        Files.writeString(etc.resolve("key"), "k");
        assertThatThrownBy(() -> Settings.from(config(Map.of("username", "u", "password_file", "pw", "api_key_file", "key")),
                etc.toString())).hasMessageContaining("either");
        assertThatThrownBy(() -> Settings.from(config(Map.of("attributes_mapping", "flattened")), etc.toString()))
                .hasMessageContaining("attributes.mapping");
        assertThatThrownBy(() -> Settings.from(config(Map.of("index_pattern", "homeport-{purpose}")), etc.toString()))
                .hasMessageContaining("{tenant}");
    }

}
