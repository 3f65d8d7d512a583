package org.homeport.security.command;

import java.util.Collection;
import java.util.TreeSet;

/** How the commands render lists in table cells (as the core's commands do). */
final class Text {
    private Text() {
    }

    /** An exception's message as a sentence for the console: capitalised, with a full stop. */
    static String sentence(String message) {
        if (message == null || message.isEmpty()) {
            return "Failed.";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }

    static String orAll(Collection<String> selector) {
        return selector.isEmpty() ? "*" : joined(new TreeSet<>(selector));
    }

    static String joined(Collection<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items);
    }
}
