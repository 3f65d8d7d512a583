package org.homeport.api.event;

/**
 * The one length limit for identifiers that senders choose: subjects and device ids. Receivers,
 * the consent API and the consent store all refuse longer ones, and every cache keyed on them can
 * count on it. Measured in UTF-8 bytes, so a store column of this many characters always fits.
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
