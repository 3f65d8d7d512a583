package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * Latitude/longitude pairs in decimal degrees: two numbers, each with at least three fractional
 * digits (about 110 m or better: fewer digits describe an area of a kilometre or more, and would
 * make every price and measurement a candidate), one within ±90 and the other within ±180, in either
 * order (GeoJSON writes longitude first). Three shapes:
 * <ul>
 * <li>joined by a comma and/or up to two spaces on each side: {@code 48.13712, 11.57541},
 * {@code 48.13712,11.57541}, {@code -33.8688 151.2093};
 * <li>labelled, in either order, joined by {@code , & ;} or spaces: {@code lat=48.13712&lon=11.57541},
 * {@code latitude: -33.8688, longitude: 151.2093}, {@code "lat": 48.137, "lng": 11.575}; labels are
 * {@code lat}, {@code latitude}, {@code lon}, {@code lng}, {@code long}, {@code longitude} (any case)
 * followed by {@code =} or {@code :}; the finding starts at the first label;
 * <li>either with a degree sign directly after each number ({@code 48.13712°, 11.57541°}).
 * </ul>
 * A number is one to three digits without leading zeros ({@code 0.5} is fine, {@code 048.5} is
 * not), a point and 3 to 15 digits, optionally signed; it must not be glued to a letter, digit,
 * underscore or point (so versions {@code 45.3.1}, addresses {@code 10.1.2.3}, {@code v48.137} and
 * {@code 1.234e5} are not coordinates), nor follow a colon without a label (times
 * {@code 10:00:12.345}) or a currency sign. Three or more such numbers in a row joined like a pair
 * ({@code 0.125, 0.250, 0.375}: load averages, vectors, matrices) are a list, not a pair, and are
 * not reported.
 *
 * <p>Linear: one pass over maximal runs of digits and points; each run is parsed at most once (runs
 * longer than the longest number are rejected unparsed), and the context of a number (sign, label,
 * separator) is read with a bounded look-behind of at most 16 characters.
 */
final class CoordinatesDetector implements Detector {
    static final String ID = "coordinates";
    static final int MIN_FRACTION_DIGITS = 3;
    static final int MAX_FRACTION_DIGITS = 15;
    private static final int MAX_RUN = 3 + 1 + MAX_FRACTION_DIGITS + 1;     // digits, point, fraction, full stop
    private static final int MAX_PAIR_GAP = 5;                              // "  ,  "
    private static final int MAX_LABELLED_GAP = 4;                          // ", & "
    private static final String[] LAT_LABELS = {"latitude", "lat"};
    private static final String[] LON_LABELS = {"longitude", "long", "lng", "lon"};

    private static final int NO_LABEL = 0;
    private static final int LAT = 1;
    private static final int LON = 2;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[coordinates]";
    }

    /** One number that may be half of a pair. */
    private record Number(int start, int end, int label, int labelStart, boolean latitude) {
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        Number previous = null;
        int chain = 0;                                     // qualifying numbers joined like a pair, so far
        Finding pending = null;                            // the pair of a chain of two, reported when the chain ends
        int i = 0;
        while (i < text.length()) {
            if (!Chars.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int runStart = i;
            while (i < text.length() && (Chars.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            Number number = number(text, runStart, i);
            if (number == null) {
                if (chain == 2 && pending != null) {
                    out.add(pending);
                }
                previous = null;
                chain = 0;
                pending = null;
                continue;
            }
            if (previous != null && labelledPair(text, previous, number)) {
                if (chain == 2 && pending != null) {
                    out.add(pending);
                }
                out.add(new Finding(ID, previous.labelStart(), number.end()));
                previous = null;
                chain = 0;
                pending = null;
                continue;
            }
            if (previous != null && number.label() == NO_LABEL && pairSeparator(text, previous.end(), number.start())) {
                chain++;
                pending = chain == 2 && (previous.latitude() || number.latitude())
                        ? new Finding(ID, previous.start(), number.end()) : null;
            } else {
                if (chain == 2 && pending != null) {
                    out.add(pending);
                }
                chain = 1;
                pending = null;
            }
            previous = number;
        }
        if (chain == 2 && pending != null) {
            out.add(pending);
        }
    }

    /** @return the number in the run {@code text[runStart, runEnd)} if it may be half of a pair, else null */
    private static Number number(CharSequence text, int runStart, int runEnd) {
        if (runEnd - runStart > MAX_RUN) {
            return null;
        }
        int end = text.charAt(runEnd - 1) == '.' ? runEnd - 1 : runEnd;   // a sentence's full stop
        int i = runStart;
        int whole = 0;
        while (i < end && Chars.isDigit(text.charAt(i))) {
            whole = whole * 10 + (text.charAt(i) - '0');
            i++;
        }
        int wholeDigits = i - runStart;
        if (wholeDigits == 0 || wholeDigits > 3 || (wholeDigits > 1 && text.charAt(runStart) == '0')
                || i >= end || text.charAt(i) != '.') {
            return null;
        }
        i++;
        boolean fractionZero = true;
        int fractionStart = i;
        while (i < end && Chars.isDigit(text.charAt(i))) {
            fractionZero &= text.charAt(i) == '0';
            i++;
        }
        int fractionDigits = i - fractionStart;
        if (i != end || fractionDigits < MIN_FRACTION_DIGITS || fractionDigits > MAX_FRACTION_DIGITS) {
            return null;                                   // a second point: a version or an address
        }
        boolean longitude = whole < 180 || (whole == 180 && fractionZero);
        if (!longitude) {
            return null;
        }
        boolean latitude = whole < 90 || (whole == 90 && fractionZero);

        int start = runStart;
        char sign = Chars.at(text, runStart - 1);
        if (sign == '-' || sign == '+') {
            start--;
        }
        if (Chars.at(text, end) == '°') {
            end++;
        }
        char after = Chars.at(text, end);
        if (Chars.isWord(after) || (after == '.' && Chars.isDigit(Chars.at(text, end + 1)))) {
            return null;
        }
        char before = Chars.at(text, start - 1);
        int[] label = label(text, start);
        if (label[0] == NO_LABEL) {
            if (Chars.isWord(before) || before == '.' || before == ':' || before == '-' || before == '+'
                    || Character.getType(before) == Character.CURRENCY_SYMBOL) {
                return null;
            }
        }
        return new Number(start, end, label[0], label[1], latitude);
    }

    /**
     * Reads backwards from {@code numberStart} over {@code [" ] label ["] [ ] (=|:) [ ]}.
     *
     * @return {@code {LAT or LON, start of the label or of its opening quote}}, or {@code {NO_LABEL, -1}}
     */
    private static int[] label(CharSequence text, int numberStart) {
        int p = numberStart;
        if (Chars.at(text, p - 1) == ' ') {
            p--;
        }
        char equals = Chars.at(text, p - 1);
        if (equals != '=' && equals != ':') {
            return new int[] {NO_LABEL, -1};
        }
        p--;
        if (Chars.at(text, p - 1) == ' ') {
            p--;
        }
        boolean quoted = Chars.at(text, p - 1) == '"';
        if (quoted) {
            p--;
        }
        for (int kind = LAT; kind <= LON; kind++) {
            for (String name : kind == LAT ? LAT_LABELS : LON_LABELS) {
                int from = p - name.length();
                if (from < 0 || !Chars.matchesIgnoreCase(text, from, name)) {
                    continue;
                }
                char before = Chars.at(text, from - 1);
                if (quoted) {
                    if (before == '"') {
                        return new int[] {kind, from - 1};
                    }
                } else if (!Character.isLetterOrDigit(before)) {
                    return new int[] {kind, from};
                }
            }
        }
        return new int[] {NO_LABEL, -1};
    }

    /** Labels of both kinds, the latitude in range, joined by at most four of {@code , & ;} and spaces. */
    private static boolean labelledPair(CharSequence text, Number first, Number second) {
        if (first.label() == NO_LABEL || second.label() == NO_LABEL || first.label() == second.label()) {
            return false;
        }
        boolean latitudeFits = first.label() == LAT ? first.latitude() : second.latitude();
        int gap = second.labelStart() - first.end();
        if (!latitudeFits || gap < 1 || gap > MAX_LABELLED_GAP) {
            return false;
        }
        for (int k = first.end(); k < second.labelStart(); k++) {
            char c = text.charAt(k);
            if (c != ',' && c != ' ' && c != '&' && c != ';') {
                return false;
            }
        }
        return true;
    }

    /** {@code text[from, to)} is up to two spaces, an optional comma, up to two spaces, and not empty. */
    private static boolean pairSeparator(CharSequence text, int from, int to) {
        int gap = to - from;
        if (gap < 1 || gap > MAX_PAIR_GAP) {
            return false;
        }
        int k = from;
        int spaces = 0;
        while (k < to && text.charAt(k) == ' ' && spaces < 2) {
            k++;
            spaces++;
        }
        if (k < to && text.charAt(k) == ',') {
            k++;
        }
        spaces = 0;
        while (k < to && text.charAt(k) == ' ' && spaces < 2) {
            k++;
            spaces++;
        }
        return k == to;
    }
}
