package org.homeport.anonymizer.pii.internal;

import java.util.Map;

/**
 * An immutable table of lower-case words and their values that is looked up with a span of a text,
 * ignoring case, without making a string: the detectors' context words are looked up at many
 * candidates, and this keeps the look-up free of allocation.
 */
final class WordTable {
    private final String[] keys;
    private final String[] values;
    private final int mask;

    WordTable(Map<String, String> words) {
        int size = Integer.highestOneBit(Math.max(4, words.size() * 4) - 1) << 1;
        keys = new String[size];
        values = new String[size];
        mask = size - 1;
        words.forEach((word, value) -> {
            int slot = hash(word, 0, word.length()) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = word;
            values[slot] = value;
        });
    }

    /** @return the value of {@code text[start, end)} compared in lower case, or {@code null} */
    String get(CharSequence text, int start, int end) {
        if (end <= start) {
            return null;
        }
        int slot = hash(text, start, end) & mask;
        while (keys[slot] != null) {
            String key = keys[slot];
            if (key.length() == end - start && matches(key, text, start)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    boolean contains(CharSequence text, int start, int end) {
        return get(text, start, end) != null;
    }

    private static boolean matches(String key, CharSequence text, int start) {
        for (int k = 0; k < key.length(); k++) {
            if (Character.toLowerCase(text.charAt(start + k)) != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(CharSequence text, int start, int end) {
        int h = 0;
        for (int k = start; k < end; k++) {
            h = 31 * h + Character.toLowerCase(text.charAt(k));
        }
        return h ^ (h >>> 16);
    }
}
