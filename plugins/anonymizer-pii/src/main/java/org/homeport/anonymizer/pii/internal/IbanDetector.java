package org.homeport.anonymizer.pii.internal;

import java.util.List;
import java.util.Map;

/**
 * IBANs: two capital letters (country), two check digits, then capital letters and digits;
 * written together or in the printed form with a single space after every four characters. The
 * length must be the country's (see {@link #LENGTHS}; 15–34 for countries not listed) and the
 * ISO 7064 mod-97 check must give 1. Lower-case IBANs are not found.
 *
 * <p>Linear: tried only where a word starts with a capital letter, reading at most 34 characters
 * and 8 spaces from there.
 */
final class IbanDetector implements Detector {
    static final String ID = "iban";
    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("CH", 21), Map.entry("DE", 22),
            Map.entry("DK", 18), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FR", 27),
            Map.entry("GB", 22), Map.entry("IE", 22), Map.entry("IT", 27), Map.entry("LU", 20),
            Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25),
            Map.entry("SE", 24));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[iban]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            int end = Chars.isUpper(text.charAt(i)) && !Chars.isWord(Chars.at(text, i - 1)) ? ibanEnd(text, i) : -1;
            if (end > 0) {
                out.add(new Finding(ID, i, end));
                i = end;
            } else {
                i++;
            }
        }
    }

    /** @return the end of the IBAN starting at {@code start}, or -1 */
    private static int ibanEnd(CharSequence text, int start) {
        if (!Chars.isUpper(Chars.at(text, start + 1)) || !Chars.isDigit(Chars.at(text, start + 2))
                || !Chars.isDigit(Chars.at(text, start + 3))) {
            return -1;
        }
        Integer known = LENGTHS.get("" + text.charAt(start) + text.charAt(start + 1));
        int max = known != null ? known : MAX_LENGTH;
        char[] chars = new char[MAX_LENGTH];
        int length = 0;
        boolean spaced = Chars.at(text, start + 4) == ' ';
        int i = start;
        while (length < max) {
            char c = Chars.at(text, i);
            if (length > 0 && length % 4 == 0 && spaced) {
                if (c != ' ' || !isIbanChar(Chars.at(text, i + 1))) {
                    break;
                }
                c = text.charAt(++i);
            }
            if (!isIbanChar(c)) {
                break;
            }
            chars[length++] = c;
            i++;
        }
        boolean rightLength = known != null ? length == known : length >= MIN_LENGTH;
        if (!rightLength || Chars.isWord(Chars.at(text, i)) || !mod97IsOne(chars, length)) {
            return -1;
        }
        return i;
    }

    private static boolean isIbanChar(char c) {
        return Chars.isDigit(c) || Chars.isUpper(c);
    }

    /** ISO 7064 MOD 97-10 over the IBAN with its first four characters moved to the end. */
    private static boolean mod97IsOne(char[] chars, int length) {
        int remainder = 0;
        for (int k = 0; k < length; k++) {
            char c = chars[(k + 4) % length];
            int value = Chars.isDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }
}
