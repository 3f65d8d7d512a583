package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * Phone numbers of two shapes, each with 8 to 15 digits:
 * <ul>
 * <li>international: {@code +} and digit groups ({@code +49 30 1234567}, {@code +1 (555) 123-4567},
 * {@code +44.20.7946.0958}, {@code +4917012345678});
 * <li>national: a trunk {@code 0} and an area code of three to five digits, or an area code in
 * parentheses, then at least one more group ({@code 0170 1234567}, {@code 030/1234567},
 * {@code (030) 1234567}, {@code 0171 123 45 67}).
 * </ul>
 * Groups are joined by single spaces or dashes (which may mix), or by dots only, and at most one
 * slash after the area code; one group may be in parentheses. Plain digit runs without {@code +}
 * and without separators are not phone numbers (they are order numbers, timestamps, cards), nor are
 * national numbers made of three or more groups of equal length ({@code 0123-4567-8901}: serials),
 * dates, versions or IP addresses, whose first group is too short or that have no trunk 0.
 *
 * <p>Linear: tried only where a number starts, reading at most 15 digits and their separators.
 */
final class PhoneDetector implements Detector {
    static final String ID = "phone";
    private static final int MIN_DIGITS = 8;
    private static final int MAX_DIGITS = 15;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[phone]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end = (c == '+' || c == '(' || c == '0') && isNumberStart(text, i) ? phoneEnd(text, i) : -1;
            if (end > 0) {
                out.add(new Finding(ID, i, end));
                i = end;
            } else {
                i++;
            }
        }
    }

    /** Not glued to a word, and not the middle of a run of digit groups such as an invalid IBAN's. */
    private static boolean isNumberStart(CharSequence text, int i) {
        char before = Chars.at(text, i - 1);
        return !Chars.isWord(before) && ".-+/),".indexOf(before) < 0
                && !Chars.continuesDigitGroups(text, i);
    }

    /** @return the end of the phone number starting at {@code start}, or -1 */
    private static int phoneEnd(CharSequence text, int start) {
        boolean international = text.charAt(start) == '+';
        int i = international ? start + 1 : start;
        int[] sizes = new int[MAX_DIGITS];
        int groups = 0;
        int digits = 0;
        boolean parenthesized = false;
        boolean dots = false;
        boolean otherSeparators = false;
        boolean slash = false;
        while (true) {
            int size;
            boolean afterParentheses = Chars.at(text, i) == '(';
            if (afterParentheses) {
                if (parenthesized) {
                    return -1;
                }
                parenthesized = true;
                int digitsStart = ++i;
                while (Chars.isDigit(Chars.at(text, i)) && i - digitsStart <= 5) {
                    i++;
                }
                size = i - digitsStart;
                if (size == 0 || size > 5 || Chars.at(text, i) != ')') {
                    return -1;
                }
                i++;
                char next = Chars.at(text, i);
                if ((next == ' ' || next == '-') && Chars.isDigit(Chars.at(text, i + 1))) {
                    i++;                                       // "(030) 123": the separator belongs to the parentheses
                }
            } else {
                int digitsStart = i;
                while (Chars.isDigit(Chars.at(text, i)) && digits + (i - digitsStart) <= MAX_DIGITS) {
                    i++;
                }
                size = i - digitsStart;
                if (size == 0) {
                    return -1;
                }
            }
            digits += size;
            if (digits > MAX_DIGITS) {
                return -1;
            }
            sizes[groups++] = size;
            char next = Chars.at(text, i);
            if (afterParentheses && Chars.isDigit(next)) {
                continue;                                      // "(030)1234567", "(030) 1234567"
            }
            if (!isSeparator(next) || !(Chars.isDigit(Chars.at(text, i + 1)) || Chars.at(text, i + 1) == '(')) {
                break;
            }
            if (next == '.') {
                dots = true;
            } else if (next == '/') {
                if (slash || groups != 1) {
                    return -1;
                }
                slash = true;
            } else {
                otherSeparators = true;
            }
            if (dots && (otherSeparators || slash)) {
                return -1;
            }
            i++;
        }
        if (digits < MIN_DIGITS || Chars.isWord(Chars.at(text, i))) {
            return -1;
        }
        if (international) {
            return i;
        }
        boolean areaCodeOk = text.charAt(start) == '(' ? sizes[0] >= 2 : sizes[0] >= 3 && sizes[0] <= 5;
        return areaCodeOk && groups >= 2 && !equalGroups(sizes, groups) ? i : -1;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/';
    }

    private static boolean equalGroups(int[] sizes, int groups) {
        if (groups < 3) {
            return false;
        }
        for (int g = 1; g < groups; g++) {
            if (sizes[g] != sizes[0]) {
                return false;
            }
        }
        return true;
    }
}
