package org.homeport.core.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.util.ConfigText;

/**
 * The core's reading of configuration beyond {@link ConfigText}: the anonymizer chain of a
 * purpose or a pipeline.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /**
     * The anonymizer chain of a purpose or pipeline: {@code anonymizers = hmac, ip-truncate} names
     * them in order and {@code <name>.<parameter> = value} sets each one's parameters.
     */
    public static List<AnonymizerRef> anonymizerChain(Map<String, ?> props) {
        List<AnonymizerRef> chain = new ArrayList<>();
        List<String> names = ConfigText.list(props.get("anonymizers"));
        if (names.size() != names.stream().distinct().count()) {
            throw new IllegalArgumentException("an anonymizer is named twice in 'anonymizers' " + names);
        }
        for (String name : names) {
            String prefix = name + ".";
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Map.Entry<String, ?> entry : props.entrySet()) {
                if (entry.getKey().startsWith(prefix)) {
                    parameters.put(entry.getKey().substring(prefix.length()), String.join(",", ConfigText.list(entry.getValue())));
                }
            }
            chain.add(new AnonymizerRef(name, parameters));
        }
        return chain;
    }
}
