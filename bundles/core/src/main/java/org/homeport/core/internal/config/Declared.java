package org.homeport.core.internal.config;

import org.homeport.api.util.ConfigText;
import java.util.Map;
import java.util.function.Function;

/**
 * What one factory configuration declares: the parsed value, or why it could not be parsed.
 * A broken declaration is reported by the health check instead of failing the component, so the
 * operator sees the reason where they look.
 */
public record Declared<T>(String name, T value, String error) {

    public static <T> Declared<T> parse(String kind, Map<String, Object> props, Function<String, T> parser) {
        String name;
        try {
            name = ConfigText.factoryName(props);
        } catch (IllegalArgumentException e) {
            return new Declared<>("?", null, kind + ": " + e.getMessage());
        }
        try {
            return new Declared<>(name, parser.apply(name), null);
        } catch (RuntimeException e) {
            return new Declared<>(name, null, kind + " '" + name + "': " + e.getMessage());
        }
    }

    public boolean isValid() {
        return error == null;
    }
}
