package org.homeport.api.util.text;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds e-mail addresses in free text in one left-to-right pass, without regular expressions. The
 * one reading of "an e-mail address" that {@code redact-emails} and {@code pii-redact} share.
 *
 * <p>An address is {@code local@domain}: the local part is a run of letters, digits and
 * {@code . _ % + - '} (leading dots dropped); the domain is two or more dot-separated labels of
 * letters, digits and {@code -}, the longest such run whose last label is a top-level domain: two
 * or more letters ({@code org}, {@code рф}), or an internationalized one in its ASCII form,
 * {@code xn--} and at least one more letter, digit or {@code -} ({@code xn--p1ai}). Letters and
 * digits include non-ASCII ones. Not reported: single-label domains ({@code root@localhost}, a
 * host account, not a mailbox), last labels with digits that are no top-level domain
 * ({@code node@rack.a1}), and {@code //user@host}, the user part of a URL.
 *
 * <p>Linear in the length of the text: the loop visits each character once; the scan left of an
 * {@code @} stops at the previous {@code @} or address, and the scan right of it stops at the
 * next character that cannot be in a domain ({@code @} cannot), so the scans of different
 * {@code @}s never overlap.
 *
 * @since 1.0
 */
public final class EmailAddresses {
    /** What {@link #redact(String)} puts in place of an address. */
    public static final String PLACEHOLDER = "[email]";

    private EmailAddresses() {
    }

    /** Receives each address found, as the span {@code [start, end)} of the text. */
    @ConsumerType
    @FunctionalInterface
    public interface Found {
        void accept(int start, int end);
    }

    /** Reports every address in {@code text} to {@code found}, left to right, never overlapping. */
    public static void find(CharSequence text, Found found) {
        int floor = 0;
        for (int at = 0; at < text.length(); at++) {
            if (text.charAt(at) != '@') {
                continue;
            }
            int start = at;
            while (start > floor && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            int end = domainEnd(text, at + 1);
            boolean urlUser = charAt(text, start - 1) == '/' && charAt(text, start - 2) == '/';
            if (start < at && end > at + 1 && !urlUser) {
                found.accept(start, end);
                floor = end;
                at = end - 1;
            } else {
                floor = at + 1;
            }
        }
    }

    /**
     * @return {@code text} itself if it holds no address, otherwise a copy with each address
     *         replaced by {@link #PLACEHOLDER}
     */
    public static String redact(String text) {
        if (text.indexOf('@') < 0) {
            return text;
        }
        Redaction redaction = new Redaction(text);
        find(text, redaction);
        return redaction.result();
    }

    /** Copies the text with each address replaced; allocates nothing until the first address. */
    private static final class Redaction implements Found {
        private final String text;
        private StringBuilder out;
        private int copied;

        Redaction(String text) {
            this.text = text;
        }

        @Override
        public void accept(int start, int end) {
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start).append(PLACEHOLDER);
            copied = end;
        }

        String result() {
            return out == null ? text : out.append(text, copied, text.length()).toString();
        }
    }

    /** @return the end of the longest valid domain starting at {@code from}, or {@code from} */
    private static int domainEnd(CharSequence text, int from) {
        int end = from;
        int labels = 0;
        int i = from;
        while (true) {
            int labelStart = i;
            boolean allLetters = true;
            while (i < text.length() && isLabelChar(text.charAt(i))) {
                allLetters &= Character.isLetter(text.charAt(i));
                i++;
            }
            if (i == labelStart) {
                return end;
            }
            labels++;
            if (labels >= 2 && isTopLevelLabel(text, labelStart, i, allLetters)) {
                end = i;
            }
            if (charAt(text, i) == '.' && isLabelChar(charAt(text, i + 1))) {
                i++;
            } else {
                return end;
            }
        }
    }

    /** Two or more letters, or an internationalized top-level domain in ASCII ({@code xn--p1ai}). */
    private static boolean isTopLevelLabel(CharSequence text, int start, int end, boolean allLetters) {
        if (allLetters) {
            return end - start >= 2;
        }
        return end - start > 4 && (text.charAt(start) == 'x' || text.charAt(start) == 'X')
                && (text.charAt(start + 1) == 'n' || text.charAt(start + 1) == 'N')
                && text.charAt(start + 2) == '-' && text.charAt(start + 3) == '-';
    }

    private static char charAt(CharSequence text, int i) {
        return i >= 0 && i < text.length() ? text.charAt(i) : '\0';
    }

    private static boolean isLocalChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
    }

    private static boolean isLabelChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-';
    }
}
