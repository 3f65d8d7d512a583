package org.homeport.receiver.mqtt.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A topic template such as {@code homeport/{tenant}/{device}/{type}}: one entry per topic level,
 * each a literal that must match exactly, {@code +} (any one level, ignored) or a placeholder
 * {@code {tenant}}, {@code {device}}, {@code {type}}, {@code {purpose}}, {@code {product}} or
 * {@code {version}} that takes the level's value. {@code {type}} is required; no placeholder twice.
 * Immutable and safe to share between event loops.
 */
final class TopicTemplate {
    static final Set<String> PLACEHOLDERS = Set.of("tenant", "device", "type", "purpose", "product", "version");
    /** A topic with more levels than this is not looked at further. */
    private static final int MAX_LEVELS = 32;

    private final String text;
    /** Per level: the literal, "+", or "{name}". */
    private final List<String> levels;

    private TopicTemplate(String text, List<String> levels) {
        this.text = text;
        this.levels = List.copyOf(levels);
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static TopicTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the topic template must not be blank");
        }
        String text = template.trim();
        String[] parts = text.split("/", -1);
        if (parts.length > MAX_LEVELS) {
            throw new IllegalArgumentException("the topic template has more than " + MAX_LEVELS + " levels");
        }
        List<String> levels = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String part : parts) {
            if (part.startsWith("{") && part.endsWith("}")) {
                String name = part.substring(1, part.length() - 1);
                if (!PLACEHOLDERS.contains(name)) {
                    throw new IllegalArgumentException("'" + part + "' is not one of {tenant} {device} {type} {purpose} "
                            + "{product} {version}");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("'" + part + "' appears twice in the topic template");
                }
            } else if (part.contains("{") || part.contains("}") || part.contains("#")
                    || (part.contains("+") && !part.equals("+"))) {
                throw new IllegalArgumentException("topic level '" + part + "' is neither a literal, + nor a placeholder");
            }
            levels.add(part);
        }
        if (!seen.contains("type")) {
            throw new IllegalArgumentException("the topic template must contain {type}");
        }
        return new TopicTemplate(text, levels);
    }

    /**
     * @return the placeholders' values, or {@code null} if the topic does not fit the template (a
     *         level missing or extra, a literal that differs, a placeholder level that is empty)
     */
    Map<String, String> match(String topic) {
        if (topic == null) {
            return null;
        }
        // split by hand: a hostile topic must not make a regex or a big array
        Map<String, String> values = new HashMap<>();
        int level = 0;
        int start = 0;
        while (true) {
            int slash = topic.indexOf('/', start);
            int end = slash < 0 ? topic.length() : slash;
            if (level >= levels.size()) {
                return null;
            }
            String expected = levels.get(level);
            String actual = topic.substring(start, end);
            if (expected.startsWith("{")) {
                if (actual.isEmpty()) {
                    return null;
                }
                values.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals("+") && !expected.equals(actual)) {
                return null;
            }
            level++;
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return level == levels.size() ? Collections.unmodifiableMap(values) : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
