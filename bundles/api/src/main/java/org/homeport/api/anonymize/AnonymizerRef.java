package org.homeport.api.anonymize;

import java.util.Map;

/**
 * A use of an anonymizer in a purpose policy or a pipeline: its name and the parameters for this
 * use, e.g. {@code hmac} with {@code fields=subject,source.device}.
 */
public record AnonymizerRef(String name, Map<String, String> parameters) {
    public AnonymizerRef {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("anonymizer name must not be blank");
        }
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    }
}
