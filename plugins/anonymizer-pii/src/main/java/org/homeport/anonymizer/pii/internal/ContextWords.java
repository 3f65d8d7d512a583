package org.homeport.anonymizer.pii.internal;


/**
 * Context for the detectors, as Presidio's context words are: the field's key and the words just
 * before a candidate. A word is split into parts at {@code _}, {@code -}, {@code .}, digits and
 * lower-to-upper case changes ({@code firmware_version}, {@code firmwareVersion} and
 * {@code FIRMWARE-VERSION} all have the parts {@code firmware} and {@code version}), and each part
 * is compared, lower-cased, with a detector's table of context words.
 *
 * <p>Bounded: a look-back reads at most {@value #WINDOW} characters before the candidate, so a
 * detector that consults it at each candidate stays linear.
 */
final class ContextWords {
    /** Characters read back from a candidate, at most. */
    static final int WINDOW = 48;
    /** Words looked at back from a candidate, at most (numbers and conjunctions do not count). */
    static final int MAX_WORDS = 2;
    /** A look-back that met another number first, after only conjunctions such as "to" or "and". */
    static final String SAME_AS_PREVIOUS = "=";

    private ContextWords() {
    }

    /**
     * @return the value of the last part of {@code key} found in {@code words}, or {@code null}
     *         (also for a {@code null} key)
     */
    static String ofKey(String key, WordTable words) {
        if (key == null) {
            return null;
        }
        int end = key.length();
        while (end > 0) {
            int start = partStart(key, end);
            String found = words.get(key, start, end);
            if (found != null) {
                return found;
            }
            end = start;
            while (end > 0 && !Character.isLetter(key.charAt(end - 1))) {
                end--;
            }
        }
        return null;
    }

    /**
     * @return the value in {@code words} of the last part of {@code key} that is not in
     *         {@code transparent} ({@code phone} of {@code phone_number}, nothing for
     *         {@code phone_verified_at}), or {@code null}
     */
    static String ofLastPart(String key, WordTable words, WordTable transparent) {
        if (key == null) {
            return null;
        }
        int end = key.length();
        while (end > 0 && !Character.isLetter(key.charAt(end - 1))) {
            end--;
        }
        while (end > 0) {
            int start = partStart(key, 0, end);
            if (!transparent.contains(key, start, end)) {
                return words.get(key, start, end);
            }
            end = start;
            while (end > 0 && !Character.isLetter(key.charAt(end - 1))) {
                end--;
            }
        }
        return null;
    }

    /** @return whether some part of {@code key} is in {@code words} */
    static boolean keyHas(String key, WordTable words) {
        return ofKey(key, words) != null;
    }

    /**
     * Looks back from {@code pos} over at most {@value #MAX_WORDS} words within {@value #WINDOW}
     * characters, not past a line break, for the nearest word with a part in {@code words}: the
     * nearest two words that are neither numbers nor conjunctions decide, or nothing does.
     * Words in {@code conjunctions} are passed over; a number met right after conjunctions only
     * (as in "from 7.1.0.3 to 7.1.1.0") answers {@link #SAME_AS_PREVIOUS}, any other number ends
     * the look-back.
     *
     * @return the value found, {@link #SAME_AS_PREVIOUS}, or {@code null}
     */
    static String before(CharSequence text, int pos, WordTable words, WordTable conjunctions) {
        int floor = Math.max(0, pos - WINDOW);
        int i = pos - 1;
        int seen = 0;
        boolean onlyConjunctions = true;
        while (i >= floor && seen < MAX_WORDS) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return null;
            }
            if (!Character.isLetterOrDigit(c)) {
                i--;
                continue;
            }
            int end = i + 1;
            boolean letters = false;
            while (i >= floor && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                    || (text.charAt(i) == '.' && i > floor && Character.isDigit(text.charAt(i - 1))))) {
                letters |= Character.isLetter(text.charAt(i));
                i--;
            }
            int start = i + 1;
            if (!letters) {
                return onlyConjunctions && i + 1 < pos - 1 && sawConjunction(text, end, pos) ? SAME_AS_PREVIOUS : null;
            }
            String found = lastPart(text, start, end, words);
            if (found != null) {
                return found;
            }
            if (conjunctions.contains(text, start, end)) {
                continue;
            }
            onlyConjunctions = false;
            seen++;
        }
        return null;
    }

    /**
     * @return whether a letter (a conjunction passed over), an arrow, a comma or a slash lies between
     *         {@code from} and {@code to}: two numbers of one range or list
     */
    private static boolean sawConjunction(CharSequence text, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (Character.isLetter(c) || c == '>' || c == '\u2192' || c == ',' || c == '/') {
                return true;
            }
        }
        return false;
    }

    /** @return the value of the last part of {@code text[start, end)} that is in {@code words} */
    static String lastPart(CharSequence text, int start, int end, WordTable words) {
        int partEnd = end;
        while (partEnd > start) {
            int partStart = partStart(text, start, partEnd);
            if (partStart < partEnd) {
                String found = words.get(text, partStart, partEnd);
                if (found != null) {
                    return found;
                }
            }
            partEnd = partStart;
            while (partEnd > start && !Character.isLetter(text.charAt(partEnd - 1))) {
                partEnd--;
            }
        }
        return null;
    }

    private static int partStart(CharSequence text, int end) {
        return partStart(text, 0, end);
    }

    /**
     * @return where the part ending at {@code end} starts: a run of lower-case letters with at most one
     *         capital before it ({@code Version} of {@code firmwareVersion}), or a run of capitals
     *         ({@code IP} of {@code clientIP}); digits and other characters end a part
     */
    private static int partStart(CharSequence text, int floor, int end) {
        int i = end;
        if (Character.isUpperCase(text.charAt(end - 1))) {
            while (i > floor && Character.isUpperCase(text.charAt(i - 1))) {
                i--;
            }
            return i;
        }
        while (i > floor && Character.isLetter(text.charAt(i - 1)) && !Character.isUpperCase(text.charAt(i - 1))) {
            i--;
        }
        if (i < end && i > floor && Character.isUpperCase(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
