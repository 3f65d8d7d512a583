package org.homeport.anonymizer.pii.internal;

import java.util.Map;

/**
 * An immutable table of lower-case words (given in lower case) and their values that is looked up with a span of a text,
 * ignoring case, without making a string: the detectors' context words are looked up at many
 * candidates, and this keeps the look-up free of allocation.
 */
final class WordTable {
    /** The words as char arrays: {@code String.charAt} is never called on them (see {@link #lower}). */
    private final char[][] keys;
    private final String[] values;
    private final int mask;

    WordTable(Map<String, String> words) {
        this(words, Map.of());
    }

    /**
     * @param words       lower-case words (Latin script) and their values
     * @param scriptWords words of other scripts as code points, by value: kept out of {@code String}s so that
     *                    building the table never shows the JIT a UTF-16 string (see {@link #lower})
     */
    WordTable(Map<String, String> words, Map<String, int[][]> scriptWords) {
        int count = words.size() + scriptWords.values().stream().mapToInt(list -> list.length).sum();
        int size = Integer.highestOneBit(Math.max(4, count * 4) - 1) << 1;
        keys = new char[size][];
        values = new String[size];
        mask = size - 1;
        words.forEach((word, value) -> put(word.toCharArray(), value));
        scriptWords.forEach((value, list) -> {
            for (int[] codePoints : list) {
                char[] chars = new char[codePoints.length];
                for (int k = 0; k < chars.length; k++) {
                    chars[k] = (char) codePoints[k];
                }
                put(chars, value);
            }
        });
    }

    private void put(char[] chars, String value) {
        int slot = hashLowerCase(chars) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = chars;
        values[slot] = value;
    }

    /** @return the value of {@code text[start, end)} compared in lower case, or {@code null} */
    String get(CharSequence text, int start, int end) {
        if (end <= start) {
            return null;
        }
        int slot = hash(text, start, end) & mask;
        while (keys[slot] != null) {
            char[] key = keys[slot];
            if (key.length == end - start && matches(key, text, start)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    boolean contains(CharSequence text, int start, int end) {
        return get(text, start, end) != null;
    }

    private static boolean matches(char[] key, CharSequence text, int start) {
        for (int k = 0; k < key.length; k++) {
            if (lower(text.charAt(start + k)) != key[k]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(CharSequence text, int start, int end) {
        int h = 0;
        for (int k = start; k < end; k++) {
            h = 31 * h + lower(text.charAt(k));
        }
        return h ^ (h >>> 16);
    }

    /** The hash of a word that is lower case already: the words are not passed through {@link Character}. */
    private static int hashLowerCase(char[] word) {
        int h = 0;
        for (char c : word) {
            h = 31 * h + c;
        }
        return h ^ (h >>> 16);
    }

    /**
     * ASCII in place, the rest through {@link Character#toLowerCase(char)}. Building the tables reads
     * the words as char arrays and never through {@code String.charAt}: reading the Japanese and
     * Chinese context words (UTF-16 strings) that way at class initialisation taught the JIT that
     * {@code String.charAt} sees both string codings, and every detector ran 2-3 times slower on plain
     * ASCII text (measured with DetectorBenchmark).
     */
    static char lower(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(c);
    }
}
