package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * IPv4 addresses in dotted-quad form, each octet 0–255 without leading zeros (which some software
 * reads as octal). A dotted run of more than four numbers ({@code 1.2.3.4.5}, version strings) is
 * not an address, nor is one glued to a letter or digit ({@code v1.2.3.4}). One trailing full stop
 * is allowed: {@code "from 10.0.0.1."}.
 *
 * <p>Linear: one pass over maximal runs of digits and dots; each run is checked once.
 */
final class Ipv4Detector implements Detector {
    static final String ID = "ipv4";
    private static final String[] VERSION_LABELS = {"version", "release", "build", "ver"};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[ip]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            if (!Chars.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && (Chars.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            int end = text.charAt(i - 1) == '.' ? i - 1 : i;
            char before = Chars.at(text, start - 1);
            boolean separate = !Chars.isWord(before) && before != '.' && !Chars.isWord(Chars.at(text, i));
            if (separate && isAddress(text, start, end) && !labelledAsVersion(text, start)) {
                out.add(new Finding(ID, start, end));
            }
        }
    }

    /**
     * @return whether the word just before {@code start} (across one space, colon or equals sign)
     *         calls the number a version: {@code release 17.0.8.1}, {@code build: 6.1.7601.1},
     *         {@code v1.2.3.4} is already refused as glued to a letter
     */
    private static boolean labelledAsVersion(CharSequence text, int start) {
        int end = start;
        char separator = Chars.at(text, end - 1);
        if (separator == ' ' || separator == ':' || separator == '=') {
            end--;
            if (separator != ' ' && Chars.at(text, end - 1) == ' ') {
                end--;
            }
        }
        for (String label : VERSION_LABELS) {
            int from = end - label.length();
            if (from >= 0 && !Character.isLetterOrDigit(Chars.at(text, from - 1)) && Chars.matchesIgnoreCase(text, from, label)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether {@code text[start, end)} is exactly a dotted-quad IPv4 address */
    static boolean isAddress(CharSequence text, int start, int end) {
        if (end - start > 15) {
            return false;
        }
        int octets = 0;
        int i = start;
        while (true) {
            int value = 0;
            int digitsStart = i;
            while (i < end && Chars.isDigit(text.charAt(i)) && i - digitsStart < 3) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - digitsStart;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(digitsStart) == '0')) {
                return false;
            }
            octets++;
            if (i == end) {
                return octets == 4;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
    }
}
