package org.homeport.core.command;

import java.util.Collection;
import java.util.TreeSet;

/** How the commands render lists in table cells. */
final class Text {
    private Text() {
    }

    static String orAll(Collection<String> selector) {
        return selector.isEmpty() ? "*" : joined(new TreeSet<>(selector));
    }

    static String joined(Collection<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items);
    }
}
