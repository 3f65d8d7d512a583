package org.homeport.receiver.otlp.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code name=type} entry of the mapping: an instrumentation scope name (logs) or a metric name
 * (metrics), exact or, ending in {@code *}, a prefix, and the event type it maps to.
 */
record Rule(String pattern, String type) {
    Rule {
        if (pattern.isEmpty() || type.isEmpty()) {
            throw new IllegalArgumentException("a type rule is name=type or prefix*=type");
        }
    }

    boolean matches(String name) {
        return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern);
    }

    /** @throws IllegalArgumentException naming the first entry that is not name=type */
    static List<Rule> parse(List<String> entries) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("type rule '" + entry + "' is not name=type or prefix*=type");
            }
            rules.add(new Rule(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()));
        }
        return List.copyOf(rules);
    }

    static String first(List<Rule> rules, String name) {
        for (Rule rule : rules) {
            if (rule.matches(name)) {
                return rule.type();
            }
        }
        return null;
    }
}
