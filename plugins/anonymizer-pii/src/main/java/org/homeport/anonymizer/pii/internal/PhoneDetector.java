package org.homeport.anonymizer.pii.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Phone numbers, from the numbering plans' written forms, with 8 to 15 digits (E.164 allows 15):
 * <ul>
 * <li><b>international</b>: {@code +} and digit groups ({@code +49 30 1234567}, {@code +1 (555) 123-4567},
 * {@code +44.20.7946.0958}, {@code +4917012345678}, {@code +49 (0)89 123456});
 * <li><b>national with a trunk 0</b> (UK, DE, FR, JP, IN, BR and most of the world): {@code 0}, an area
 * code of two to five digits with the 0, and at least one more group ({@code 020 7946 0958},
 * {@code 0170 1234567}, {@code 030/1234567}, {@code 03-1234-5678}, {@code 0120-123-456});
 * with a two-digit area code at least 9 digits. French numbers in five pairs ({@code 01 23 45 67 89},
 * {@code 06.12.34.56.78});
 * <li><b>area code in parentheses</b>: {@code (030) 1234567}, {@code (11) 91234-5678} (Brazil);
 * <li><b>North American Numbering Plan</b>: {@code NXX-NXX-XXXX} with N = 2–9, joined by one kind of
 * separator ({@code 555-123-4567}, {@code 555.123.4567}, {@code 555 123 4567}), optionally after
 * {@code 1-} or {@code 1 };
 * <li><b>Indian mobile numbers</b>: {@code 98765 43210}, five and five digits, the first 6–9.
 * </ul>
 * Groups are joined by single spaces or dashes (which may mix), or by dots only, and at most one
 * slash after the area code; one group may be in parentheses.
 *
 * <p><b>Context.</b> In a field whose key ends in a phone word ({@code phone}, {@code tel},
 * {@code mobile}, {@code msisdn}, {@code fax} …, optionally followed by {@code number}/{@code no}),
 * and after such a word in the text ({@code tel: …}, {@code msisdn=…}, {@code call …}), any such
 * run of 7 to 15 digits is a phone number, with or without separators ({@code 491701234567}).
 *
 * <p><b>Not phone numbers</b>, even in context: dates (first groups of 2-2-4, 4-2-2 or 2-2-2 digits,
 * as in {@code 2026-11-23}, {@code 01.02.2026}, but French pairs), national numbers of three or more
 * groups of equal length ({@code 0123-4567-8901}: serials), runs glued to a word, a dot, a dash or a
 * slash, and, outside context, plain digit runs without {@code +} (order numbers, timestamps), IP
 * addresses and versions (no trunk 0, not the NANP shape).
 *
 * <p>Linear: tried only where a number starts, reading at most 15 digits and their separators, with a
 * look-back of at most 48 characters for a context word.
 */
final class PhoneDetector implements Detector {
    static final String ID = "phone";
    private static final int MIN_DIGITS = 8;
    private static final int MIN_CONTEXT_DIGITS = 7;
    private static final int MAX_DIGITS = 15;
    private static final String PHONE = "phone";
    static final WordTable WORDS = new WordTable(words());
    /** Passed over between a phone word and the number: "phone number: …", "mobile no. …". */
    private static final WordTable TRANSPARENT = new WordTable(Map.of("number", "", "no", "", "nr", "", "num", "", "nbr", "",
            "is", "", "on", "", "at", "", "via", "", "to", ""));

    private static Map<String, String> words() {
        Map<String, String> words = new HashMap<>();
        for (String word : List.of("phone", "phones", "telephone", "tel", "tél", "telefon", "telefono", "teléfono",
                "telefone", "mobile", "mobil", "cell", "cellphone", "cellular", "celular", "handy", "msisdn", "fax",
                "sms", "whatsapp", "call", "caller", "callee", "callback", "dial", "dialed", "dialled", "landline",
                "hotline", "portable", "móvil", "movil", "ani", "dnis", "cli", "clid", "callerid", "mob", "ph", "tn",
                "denwa", "fone")) {
            words.put(word, PHONE);
        }
        return Map.copyOf(words);
    }

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
        find(text, null, out);
    }

    @Override
    public void find(CharSequence text, String key, List<Finding> out) {
        boolean keyed = ContextWords.ofLastPart(key, WORDS, TRANSPARENT) != null;
        Shape shape = new Shape();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean digit = Chars.isDigit(c);
            if (!digit && c != '+' && c != '(') {
                i++;                                           // most characters: one test that is nearly always true
                continue;
            }
            // a number starts at a +, a ( or the first digit of a run; a run that starts none is passed over whole
            int runEnd = digit ? digitRunEnd(text, i) : i + 1;
            int end = -1;
            if (!(digit && Chars.isDigit(Chars.at(text, i - 1))) && (!digit || mayStartPhone(text, i, runEnd))
                    && isNumberStart(text, i)) {
                end = phoneEnd(text, i, shape);
                if (end > 0 && !shape.isPhone(keyed) && !(shape.isPhone(true) && inContext(text, i))) {
                    end = -1;
                }
            }
            if (end > 0) {
                out.add(new Finding(ID, i, end));
                i = end;
            } else {
                i = runEnd;
            }
        }
    }

    private static int digitRunEnd(CharSequence text, int start) {
        int i = start;
        while (i < text.length() && Chars.isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * A cheap test before the full read: a run of digits ({@code text[start, runEnd)}) that is not
     * followed by a separator is one group, which must have 7 to 15 digits (a group of fewer ends the
     * number too early).
     */
    private static boolean mayStartPhone(CharSequence text, int start, int runEnd) {
        int digits = runEnd - start;
        return isSeparator(Chars.at(text, runEnd)) ? digits <= MAX_DIGITS : digits >= MIN_CONTEXT_DIGITS && digits <= MAX_DIGITS;
    }

    private static boolean inContext(CharSequence text, int start) {
        return ContextWords.before(text, start, WORDS, TRANSPARENT) == PHONE;
    }

    /** Not glued to a word, and not the middle of a run of digit groups such as an invalid IBAN's. */
    private static boolean isNumberStart(CharSequence text, int i) {
        char before = Chars.at(text, i - 1);
        return before != '.' && before != '-' && before != '+' && before != '/' && before != ')' && before != ','
                && !Chars.isWord(before) && !Chars.continuesDigitGroups(text, i);
    }

    /** What {@link #phoneEnd} read: the groups, their sizes and separators. */
    private static final class Shape {
        final int[] sizes = new int[MAX_DIGITS];
        int groups;
        int digits;
        boolean international;
        boolean parenthesizedFirst;
        boolean dots;
        boolean otherSeparators;
        boolean trunkZero;
        char firstDigit;
        char secondGroupFirstDigit;
        char separator;
        boolean mixedSeparators;

        void reset(boolean international) {
            groups = 0;
            digits = 0;
            this.international = international;
            parenthesizedFirst = false;
            dots = false;
            otherSeparators = false;
            trunkZero = false;
            firstDigit = 0;
            secondGroupFirstDigit = 0;
            separator = 0;
            mixedSeparators = false;
        }

        boolean isPhone(boolean context) {
            if (looksLikeDate()) {
                return false;
            }
            if (context) {
                return digits >= MIN_CONTEXT_DIGITS && (international || groups == 1 || !equalGroups() || isFrench());
            }
            if (digits < MIN_DIGITS) {
                return false;
            }
            if (international) {
                return true;
            }
            if (groups < 2) {
                return false;
            }
            if (isFrench()) {
                return true;
            }
            if (equalGroups()) {
                return false;
            }
            if (parenthesizedFirst) {
                return sizes[0] >= 2;
            }
            if (trunkZero) {
                return sizes[0] >= 3 && sizes[0] <= 5 || (sizes[0] == 2 && digits >= 9);
            }
            return isNanp() || isIndianMobile();
        }

        private boolean isFrench() {
            if (groups != 5 || !trunkZero) {
                return false;
            }
            for (int g = 0; g < 5; g++) {
                if (sizes[g] != 2) {
                    return false;
                }
            }
            return true;
        }

        /** NXX-NXX-XXXX, optionally after a country code 1 as its own group. */
        private boolean isNanp() {
            if (mixedSeparators) {
                return false;
            }
            int g = groups == 4 && sizes[0] == 1 && firstDigit == '1' ? 1 : 0;
            return groups - g == 3 && sizes[g] == 3 && sizes[g + 1] == 3 && sizes[g + 2] == 4
                    && (g == 1 ? secondGroupFirstDigit >= '2' : firstDigit >= '2') && !parenthesizedFirst;
        }

        private boolean isIndianMobile() {
            return groups == 2 && sizes[0] == 5 && sizes[1] == 5 && firstDigit >= '6';
        }

        private boolean looksLikeDate() {
            if (international || parenthesizedFirst || groups < 3 || isFrench()) {
                return false;
            }
            return (sizes[0] == 2 && sizes[1] == 2 && (sizes[2] == 4 || sizes[2] == 2))
                    || (sizes[0] == 4 && sizes[1] == 2 && sizes[2] == 2);
        }

        private boolean equalGroups() {
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

    /** @return the end of the digit groups starting at {@code start}, described in {@code shape}, or -1 */
    private static int phoneEnd(CharSequence text, int start, Shape shape) {
        boolean international = text.charAt(start) == '+';
        shape.reset(international);
        int i = international ? start + 1 : start;
        boolean parenthesized = false;
        boolean slash = false;
        while (true) {
            int size;
            boolean afterParentheses = Chars.at(text, i) == '(';
            if (afterParentheses) {
                if (parenthesized) {
                    return -1;
                }
                parenthesized = true;
                if (shape.groups == 0) {
                    shape.parenthesizedFirst = !international;
                }
                int digitsStart = ++i;
                while (Chars.isDigit(Chars.at(text, i)) && i - digitsStart <= 5) {
                    i++;
                }
                size = i - digitsStart;
                if (size == 0 || size > 5 || Chars.at(text, i) != ')') {
                    return -1;
                }
                noteFirstDigits(shape, text.charAt(digitsStart));
                i++;
                char next = Chars.at(text, i);
                if ((next == ' ' || next == '-') && Chars.isDigit(Chars.at(text, i + 1))) {
                    i++;                                       // "(030) 123": the separator belongs to the parentheses
                }
            } else {
                int digitsStart = i;
                while (Chars.isDigit(Chars.at(text, i)) && shape.digits + (i - digitsStart) <= MAX_DIGITS) {
                    i++;
                }
                size = i - digitsStart;
                if (size == 0) {
                    return -1;
                }
                noteFirstDigits(shape, text.charAt(digitsStart));
            }
            shape.digits += size;
            if (shape.digits > MAX_DIGITS) {
                return -1;
            }
            shape.sizes[shape.groups++] = size;
            char next = Chars.at(text, i);
            if (afterParentheses && Chars.isDigit(next)) {
                continue;                                      // "(030)1234567", "(030) 1234567"
            }
            if (!isSeparator(next) || !(Chars.isDigit(Chars.at(text, i + 1)) || Chars.at(text, i + 1) == '(')) {
                break;
            }
            if (next == '.') {
                shape.dots = true;
            } else if (next == '/') {
                if (slash || shape.groups != 1) {
                    return -1;
                }
                slash = true;
            } else {
                shape.otherSeparators = true;
            }
            if (shape.separator == 0) {
                shape.separator = next;
            } else if (shape.separator != next) {
                shape.mixedSeparators = true;
            }
            if (shape.dots && (shape.otherSeparators || slash)) {
                return -1;
            }
            i++;
        }
        if (Chars.isWord(Chars.at(text, i)) || (Chars.at(text, i) == '.' && Chars.isDigit(Chars.at(text, i + 1)))) {
            return -1;
        }
        shape.trunkZero = !international && !shape.parenthesizedFirst && shape.firstDigit == '0';
        return i;
    }

    private static void noteFirstDigits(Shape shape, char digit) {
        if (shape.groups == 0) {
            shape.firstDigit = digit;
        } else if (shape.groups == 1) {
            shape.secondGroupFirstDigit = digit;
        }
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '/';
    }
}
