package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * IBANs (ISO 13616): two letters (country), two check digits, then letters and digits; written
 * together or in the printed form with a single space after every four characters, in capitals or in
 * lower case (as people type them: {@code de89 3704 0044 0532 0130 00}). The length must be the
 * country's, from the SWIFT IBAN registry ({@link #LENGTHS}); a country not listed must be in capitals
 * and 15–34 characters long. The ISO 7064 mod-97 check must give 1, so a random code passes one time
 * in 97 at most.
 *
 * <p>Linear: tried only where a digit follows two letters at the start of a word, reading at most
 * 34 characters and 8 spaces from there.
 */
final class IbanDetector implements Detector {
    static final String ID = "iban";
    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;
    /**
     * IBAN length per country, from the SWIFT IBAN registry, at {@link #slot} of the country code;
     * 0 for a country not listed. An array, not a map by {@code String}: a code is looked up at every
     * two letters and a digit that start a word, and building a string for each cost more than all
     * the rest of the scan.
     */
    private static final int[] LENGTHS = lengths("AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 "
            + "BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 "
            + "HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 "
            + "MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 "
            + "UA29 VA22 VG24 XK20");

    private static int[] lengths(String table) {
        int[] lengths = new int[26 * 26];
        for (String entry : table.split(" ")) {
            lengths[slot(entry.charAt(0), entry.charAt(1))] = Integer.parseInt(entry.substring(2));
        }
        return lengths;
    }

    /** @return the index of the country code {@code a b} (ASCII letters, either case) in {@link #LENGTHS} */
    private static int slot(char a, char b) {
        return (Character.toUpperCase(a) - 'A') * 26 + Character.toUpperCase(b) - 'A';
    }

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
        // finds the check digits first, a digit after two letters, which is rare, and tries the start two before
        int floor = 0;
        int i = 2;
        while (i < text.length()) {
            if (!Chars.isDigit(text.charAt(i))) {
                i++;                                           // the usual case first, as a test that is nearly always true
                continue;
            }
            int start = i - 2;
            int end = start >= floor && Chars.isAsciiLetter(text.charAt(i - 1)) && Chars.isAsciiLetter(text.charAt(start))
                    && !Chars.isWord(Chars.at(text, start - 1)) ? ibanEnd(text, start) : -1;
            if (end > 0) {
                out.add(new Finding(ID, start, end));
                floor = end;
                i = end + 2;
            } else {
                i++;
            }
        }
    }

    /** @return the end of the IBAN starting at {@code start}, or -1 */
    private static int ibanEnd(CharSequence text, int start) {
        char a = text.charAt(start);
        char b = Chars.at(text, start + 1);
        if (!Chars.isAsciiLetter(b) || !Chars.isDigit(Chars.at(text, start + 2))
                || !Chars.isDigit(Chars.at(text, start + 3))) {
            return -1;
        }
        int known = LENGTHS[slot(a, b)];
        if (known == 0 && !(Chars.isUpper(a) && Chars.isUpper(b))) {
            return -1;
        }
        int max = known != 0 ? known : MAX_LENGTH;
        int length = 0;
        int remainder = 0;                                     // mod 97 of the characters after the first four
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
            if (length >= 4) {
                remainder = mod97(remainder, c);
            }
            length++;
            i++;
        }
        boolean rightLength = known != 0 ? length == known : length >= MIN_LENGTH;
        if (!rightLength || Chars.isWord(Chars.at(text, i))) {
            return -1;
        }
        // ISO 7064 MOD 97-10 over the IBAN with its first four characters (never spaced apart) moved to the end
        for (int k = start; k < start + 4; k++) {
            remainder = mod97(remainder, text.charAt(k));
        }
        return remainder == 1 ? i : -1;
    }

    private static boolean isIbanChar(char c) {
        return Chars.isDigit(c) || Chars.isAsciiLetter(c);
    }

    /**
     * One step of ISO 7064 MOD 97-10, reading the IBAN as it comes rather than copying it: the
     * remainder of {@code remainder} followed by the digit {@code c}, or by the two digits of the
     * letter {@code c} (A = 10 … Z = 35).
     */
    private static int mod97(int remainder, char c) {
        int value = Chars.isDigit(c) ? c - '0' : Character.toUpperCase(c) - 'A' + 10;
        return (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97;
    }
}
