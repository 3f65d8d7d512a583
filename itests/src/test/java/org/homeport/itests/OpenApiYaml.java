package org.homeport.itests;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads an OpenAPI document with SnakeYAML. A class of its own, so that the test class that uses it
 * loads without SnakeYAML, which the test installs into the node first.
 */
final class OpenApiYaml {
    private OpenApiYaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path document) throws Exception {
        try (InputStream in = Files.newInputStream(document)) {
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }
}
