package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits, written together or in groups joined by single spaces or
 * by single dashes (one kind throughout; first group four digits, the others three to six), that
 * pass the Luhn check and start with a known issuer prefix of the right length: Visa {@code 4}
 * (13, 16, 19), Mastercard {@code 51–55} and {@code 2221–2720} (16), American Express {@code 34},
 * {@code 37} (15), Discover {@code 6011}, {@code 65} (16–19). An order number of the same shape
 * that fails Luhn is not a card; a run of more than 19 digits is not a card either.
 *
 * <p>Linear: tried only where a number starts, reading at most 19 digits and 18 separators.
 */
final class CardDetector implements Detector {
    static final String ID = "card";
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[card]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            int end = Chars.isDigit(text.charAt(i)) && isNumberStart(text, i) ? cardEnd(text, i) : -1;
            if (end > 0) {
                out.add(new Finding(ID, i, end));
                i = end;
            } else {
                i++;
            }
        }
    }

    /** Not glued to a word or number, and not inside a run of digit groups such as an invalid IBAN's. */
    private static boolean isNumberStart(CharSequence text, int i) {
        char before = Chars.at(text, i - 1);
        return !Chars.isWord(before) && ".-+,".indexOf(before) < 0 && !Chars.continuesDigitGroups(text, i);
    }

    /** @return the end of the longest card number starting at {@code start}, or -1 */
    private static int cardEnd(CharSequence text, int start) {
        int[] digits = new int[MAX_DIGITS];
        int count = 0;
        int[] groupEnds = new int[MAX_DIGITS];         // text index after each group's last digit
        int[] groupCounts = new int[MAX_DIGITS];       // digits read up to that group's end
        int groups = 0;
        char separator = Chars.NONE;
        int i = start;
        while (true) {
            int groupStart = count;
            while (Chars.isDigit(Chars.at(text, i))) {
                if (count == MAX_DIGITS) {
                    return groups == 0 ? -1 : longestValid(text, digits, groupEnds, groupCounts, groups);
                }
                digits[count++] = text.charAt(i) - '0';
                i++;
            }
            int size = count - groupStart;
            if (separator != Chars.NONE && (size < 3 || size > 6)) {
                break;
            }
            groupEnds[groups] = i;
            groupCounts[groups] = count;
            groups++;
            char next = Chars.at(text, i);
            boolean joins = (next == ' ' || next == '-') && Chars.isDigit(Chars.at(text, i + 1));
            if (!joins || (separator != Chars.NONE && next != separator)
                    || (separator == Chars.NONE && size != 4)) {
                break;
            }
            separator = next;
            i++;
        }
        return longestValid(text, digits, groupEnds, groupCounts, groups);
    }

    private static int longestValid(CharSequence text, int[] digits, int[] groupEnds, int[] groupCounts,
            int groups) {
        for (int g = groups - 1; g >= 0; g--) {
            int end = groupEnds[g];
            if (!Chars.isWord(Chars.at(text, end)) && isCard(digits, groupCounts[g])) {
                return end;
            }
        }
        return -1;
    }

    static boolean isCard(int[] digits, int count) {
        return count >= MIN_DIGITS && count <= MAX_DIGITS && knownIssuer(digits, count) && luhn(digits, count);
    }

    private static boolean knownIssuer(int[] d, int count) {
        int two = d[0] * 10 + d[1];
        int four = two * 100 + d[2] * 10 + d[3];
        if (d[0] == 4) {
            return count == 13 || count == 16 || count == 19;
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return count == 16;
        }
        if (two == 34 || two == 37) {
            return count == 15;
        }
        return (four == 6011 || two == 65) && count >= 16;
    }

    private static boolean luhn(int[] digits, int count) {
        int sum = 0;
        for (int k = 0; k < count; k++) {
            int d = digits[count - 1 - k];
            if (k % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
