package org.homeport.anonymizers.basic.internal;

/**
 * Finds e-mail addresses in free text in one left-to-right pass, without regular expressions:
 * scans only look left and right of each {@code @} and never past the neighbouring {@code @}, so
 * every character is visited a bounded number of times whatever the input (linear time).
 *
 * <p>An address is {@code local@domain}: the local part is a run of letters, digits and
 * {@code . _ % + - '} (leading dots dropped); the domain is two or more dot-separated labels of
 * letters, digits and {@code -}, whose last label is at least two characters and starts with a
 * letter. Letters and digits include non-ASCII ones.
 */
final class EmailRedaction {
    static final String REPLACEMENT = "[email]";

    private EmailRedaction() {
    }

    /** @return {@code text} itself if it holds no address, otherwise a copy with each replaced */
    static String redact(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        while (at >= 0) {
            int start = at;
            while (start > copied && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            int end = domainEnd(text, at + 1);
            if (start < at && end > at + 1) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, start).append(REPLACEMENT);
                copied = end;
                at = text.indexOf('@', end);
            } else {
                at = text.indexOf('@', at + 1);
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * @return the end of the longest valid domain starting at {@code from}, or {@code from} if
     *         there is none
     */
    private static int domainEnd(String text, int from) {
        int end = from;
        int labels = 0;
        int i = from;
        while (true) {
            int labelStart = i;
            while (i < text.length() && isLabelChar(text.charAt(i))) {
                i++;
            }
            if (i == labelStart) {
                return end;
            }
            labels++;
            if (labels >= 2 && isTopLevelLabel(text, labelStart, i)) {
                end = i;
            }
            if (i + 1 < text.length() && text.charAt(i) == '.' && isLabelChar(text.charAt(i + 1))) {
                i++;
            } else {
                return end;
            }
        }
    }

    private static boolean isTopLevelLabel(String text, int start, int end) {
        return end - start >= 2 && Character.isLetter(text.charAt(start));
    }

    private static boolean isLocalChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
    }

    private static boolean isLabelChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-';
    }
}
