package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * E-mail addresses {@code local@domain}: a local part of letters, digits and
 * {@code . _ % + - '} (leading dots dropped), a domain of two or more dot-separated labels of
 * letters, digits and {@code -} whose last label is two or more letters. Single-label domains
 * ({@code root@localhost}) are host accounts, not mailboxes, and are not reported; neither is
 * {@code //user@host}, which is the user part of a URL.
 *
 * <p>Linear: the loop visits each character once; the scan left of an {@code @} stops at the
 * previous {@code @} or finding, and the scan right of it stops at the next character that cannot
 * be in a domain ({@code @} cannot), so the scans of different {@code @}s never overlap.
 */
final class EmailDetector implements Detector {
    static final String ID = "email";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[email]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
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
            boolean urlUser = Chars.at(text, start - 1) == '/' && Chars.at(text, start - 2) == '/';
            if (start < at && end > at + 1 && !urlUser) {
                out.add(new Finding(ID, start, end));
                floor = end;
                at = end - 1;
            } else {
                floor = at + 1;
            }
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
            if (labels >= 2 && allLetters && i - labelStart >= 2) {
                end = i;
            }
            if (Chars.at(text, i) == '.' && isLabelChar(Chars.at(text, i + 1))) {
                i++;
            } else {
                return end;
            }
        }
    }

    private static boolean isLocalChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
    }

    private static boolean isLabelChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-';
    }
}
