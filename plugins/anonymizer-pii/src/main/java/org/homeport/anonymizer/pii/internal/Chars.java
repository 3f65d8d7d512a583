package org.homeport.anonymizer.pii.internal;

/** Character classes the detectors share. */
final class Chars {
    /** What {@link #at} answers outside the text: a character no detector accepts. */
    static final char NONE = '\0';

    private Chars() {
    }

    /** @return the character at {@code i}, or {@link #NONE} before the start or after the end */
    static char at(CharSequence text, int i) {
        return i >= 0 && i < text.length() ? text.charAt(i) : NONE;
    }

    /**
     * @return the first index of {@code c} in {@code text} at or after {@code from}, or -1. On a
     *         {@code String} (what the anonymizer passes) this is {@link String#indexOf(int, int)},
     *         which the JIT compiles to a vectorised scan several times faster than a loop over
     *         {@code charAt}; other texts are read forwards through {@code charAt}.
     */
    static int indexOf(CharSequence text, char c, int from) {
        if (text instanceof String string) {
            return string.indexOf(c, from);
        }
        for (int i = Math.max(from, 0); i < text.length(); i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAsciiLetter(char c) {
        return isUpper(c) || (c >= 'a' && c <= 'z');
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Letters (any script), digits and underscore: what makes a neighbour part of the same word. */
    static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * @return whether position {@code i} follows a digit and one space or dash: the middle of a run of
     *         digit groups, where no card or phone number starts
     */
    static boolean continuesDigitGroups(CharSequence text, int i) {
        char before = at(text, i - 1);
        return (before == ' ' || before == '-') && isDigit(at(text, i - 2));
    }

    /** @return whether {@code text} holds {@code lowerCase} at {@code from}, ignoring case */
    static boolean matchesIgnoreCase(CharSequence text, int from, String lowerCase) {
        for (int k = 0; k < lowerCase.length(); k++) {
            if (Character.toLowerCase(at(text, from + k)) != lowerCase.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** @return {@code text[start, end)} in lower case, read through {@code charAt} */
    static String lower(CharSequence text, int start, int end) {
        char[] chars = new char[end - start];
        for (int k = start; k < end; k++) {
            chars[k - start] = Character.toLowerCase(text.charAt(k));
        }
        return new String(chars);
    }
}
