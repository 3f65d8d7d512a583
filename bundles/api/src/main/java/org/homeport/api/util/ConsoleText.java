package org.homeport.api.util;

import java.util.Collection;
import java.util.TreeSet;

/** How Homeport's shell commands word errors and render lists and durations in table cells, alike in every bundle. */
public final class ConsoleText {
    private ConsoleText() {
    }

    /** An exception's message as a sentence for the console: capitalised, with a full stop. */
    public static String sentence(String message) {
        if (message == null || message.isEmpty()) {
            return "Failed.";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }

    public static String orAll(Collection<String> selector) {
        return selector.isEmpty() ? "*" : joined(new TreeSet<>(selector));
    }

    public static String joined(Collection<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items);
    }

    /** A retention as configured people write it: 30d, 12h, 15m; none for zero. */
    public static String duration(java.time.Duration duration) {
        if (duration.isZero()) {
            return "none";
        }
        if (duration.toSeconds() % 86_400 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toSeconds() % 3_600 == 0) {
            return duration.toHours() + "h";
        }
        return duration.toMinutes() + "m";
    }
}
