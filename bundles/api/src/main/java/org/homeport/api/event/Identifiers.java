package org.homeport.api.event;

/**
 * The one length limit for identifiers that senders choose: subjects and device ids. Receivers,
 * the consent API and the consent store all refuse longer ones, and every cache keyed on them can
 * count on it. Measured in UTF-8 bytes, so a store column of this many characters always fits.
 *
 * <p>Ids are matched exactly, so {@link #problem(String)} also refuses what would make one id look
 * like another: whitespace or an invisible character at either end, and control characters. An id
 * the receiver stored with a trailing space could otherwise never be found by a data-subject
 * request typed without it.
 */
public final class Identifiers {
    /** The most UTF-8 bytes a subject or device id may have. */
    public static final int MAX_BYTES = 255;

    private Identifiers() {
    }

    /** Whether {@code value} fits the limit; {@code null} (no identifier) fits. */
    public static boolean fits(String value) {
        if (value == null) {
            return true;
        }
        // Every char is at most 3 UTF-8 bytes (a surrogate pair, two chars, is 4): skip encoding when it cannot matter.
        if (value.length() * 3 <= MAX_BYTES) {
            return true;
        }
        return value.length() <= MAX_BYTES && utf8Length(value) <= MAX_BYTES;
    }

    /** The number of bytes {@code value} takes as UTF-8, counted without encoding it. */
    public static int utf8Length(String value) {
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Why {@code value} cannot be a subject or device id, or {@code null} if it can ({@code null}
     * itself, no identifier, can). The reason names nothing of the value (it may be personal data):
     * longer than {@link #MAX_BYTES}, a control character, or whitespace (a no-break space included)
     * or a format character (zero-width space, byte order mark) at either end.
     */
    public static String problem(String value) {
        if (value == null) {
            return null;
        }
        if (!fits(value)) {
            return "is longer than " + MAX_BYTES + " bytes (UTF-8)";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "contains a control character";
        }
        if (hasLooseEnd(value)) {
            return "begins or ends with whitespace or an invisible character";
        }
        return null;
    }

    /**
     * Whether {@code value} begins or ends with whitespace (a no-break space included) or a format
     * character (zero-width space, byte order mark): what a copy and paste adds unseen.
     */
    public static boolean hasLooseEnd(String value) {
        return value != null && !value.isEmpty()
                && (loose(value.codePointAt(0)) || loose(value.codePointBefore(value.length())));
    }

    private static boolean loose(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT;
    }

    /**
     * Returns {@code value} if it fits, and otherwise throws with a message that names {@code what}
     * but quotes nothing of the value (it may be personal data).
     */
    public static String requireFits(String value, String what) {
        if (!fits(value)) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_BYTES + " bytes (UTF-8)");
        }
        return value;
    }
}
