package org.homeport.core.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.config.Durations;

/**
 * Reads the loosely typed values of Config Admin: {@code etc/*.cfg} files hand over every value
 * as a string, the web console and {@code config:property-set} may hand over arrays.
 */
public final class ConfigValues {
    private static final String FACTORY_SEPARATOR = "~";

    private ConfigValues() {
    }

    /** A comma-separated string, an array or a collection, as a list of trimmed non-empty items. */
    public static List<String> list(Object value) {
        List<String> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (value instanceof String[] array) {
            for (String element : array) {
                splitInto(element, items);
            }
        } else if (value instanceof Collection<?> collection) {
            for (Object element : collection) {
                splitInto(String.valueOf(element), items);
            }
        } else {
            splitInto(String.valueOf(value), items);
        }
        return items;
    }

    private static void splitInto(String text, List<String> items) {
        for (String part : text.split(",")) {
            String item = part.trim();
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
    }

    /** A single trimmed string, or {@code fallback} if absent or blank. */
    public static String string(Map<String, ?> props, String key, String fallback) {
        Object value = props.get(key);
        if (value == null) {
            return fallback;
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? fallback : text;
    }

    /**
     * The name of a factory configuration: its {@code id} property, else the part after
     * {@code ~} of its PID ({@code org.homeport.pipeline~analytics} → {@code analytics}).
     */
    public static String factoryName(Map<String, ?> props) {
        String explicit = string(props, "id", null);
        if (explicit != null) {
            return explicit;
        }
        String pid = string(props, "service.pid", "");
        int separator = pid.indexOf(FACTORY_SEPARATOR);
        if (separator >= 0 && separator < pid.length() - 1) {
            return pid.substring(separator + 1);
        }
        throw new IllegalArgumentException("configuration " + pid
                + " has no name: use a named factory PID (<factory>~<name>) or set 'id'");
    }

    /**
     * A duration as ISO-8601 ({@code P30D}, {@code PT12H}) or shorthand ({@code 30d}, {@code 12h},
     * {@code 15m}, {@code 10s}); {@code 0} or blank means none.
     */
    public static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        return Durations.parse(text);
    }

    /**
     * The anonymizer chain of a purpose or pipeline: {@code anonymizers = hmac, ip-truncate} names
     * them in order and {@code <name>.<parameter> = value} sets each one's parameters.
     */
    public static List<AnonymizerRef> anonymizerChain(Map<String, ?> props) {
        List<AnonymizerRef> chain = new ArrayList<>();
        List<String> names = list(props.get("anonymizers"));
        if (names.size() != names.stream().distinct().count()) {
            throw new IllegalArgumentException("an anonymizer is named twice in 'anonymizers' " + names);
        }
        for (String name : names) {
            String prefix = name + ".";
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Map.Entry<String, ?> entry : props.entrySet()) {
                if (entry.getKey().startsWith(prefix)) {
                    parameters.put(entry.getKey().substring(prefix.length()), String.join(",", list(entry.getValue())));
                }
            }
            chain.add(new AnonymizerRef(name, parameters));
        }
        return chain;
    }
}
