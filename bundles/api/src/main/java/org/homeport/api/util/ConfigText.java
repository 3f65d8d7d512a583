package org.homeport.api.util;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.homeport.api.config.Durations;

/**
 * Reads the loosely typed values of Config Admin the one way every Homeport bundle reads them:
 * {@code etc/*.cfg} files hand over every value as a string, the web console and
 * {@code config:property-set} may hand over arrays.
 */
public final class ConfigText {
    private static final String FACTORY_SEPARATOR = "~";

    private ConfigText() {
    }

    /** A comma-separated string, an array or a collection, as a list of trimmed non-empty items. */
    public static List<String> list(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof String[] array) {
            for (String element : array) {
                splitInto(element, items);
            }
        } else if (value instanceof Collection<?> collection) {
            for (Object element : collection) {
                splitInto(String.valueOf(element), items);
            }
        } else if (value != null) {
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
     * The name of a factory configuration: its {@code id} property, else the part after {@code ~}
     * of its PID ({@code org.homeport.apikey~demo} → {@code demo}).
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

    /** A duration as operators write it ({@code 30d}, {@code 12h}, {@code P30D}); blank or {@code 0} means none. */
    public static Duration duration(String text) {
        return text == null || text.isBlank() ? Duration.ZERO : Durations.parse(text);
    }
}
