package org.homeport.anonymizer.pii.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.homeport.api.util.IpPrefixes;

/**
 * The {@code generalize} treatment: keeps a finding's coarse part and drops the precise rest.
 * Coordinates are snapped to the centre of a grid cell, IPv4 addresses keep their /24 and IPv6
 * addresses their /48. Each method takes a finding the matching detector accepted, so the text is
 * already known to be short.
 */
final class Generalization {
    static final BigDecimal DEFAULT_GRID = new BigDecimal("0.1");
    static final BigDecimal MIN_GRID = new BigDecimal("0.0001");
    static final BigDecimal MAX_GRID = BigDecimal.TEN;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal LAT_BOUND = BigDecimal.valueOf(90);
    private static final BigDecimal LON_BOUND = BigDecimal.valueOf(180);

    private Generalization() {
    }

    /**
     * Replaces each number of a coordinates finding (labels, separators and degree signs stay) by
     * the centre of its grid cell: {@code 48.13712, 11.57541} on a 0.1° grid gives {@code 48.15, 11.55}.
     * A centre outside the valid range (a cell straddling ±90 or ±180) moves one cell inwards; a number
     * within ±90 is kept within ±90, since it may be the latitude.
     */
    static void coordinates(CharSequence text, int start, int end, BigDecimal grid, StringBuilder out) {
        BigDecimal half = grid.divide(TWO);
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            boolean signed = (c == '-' || c == '+') && i + 1 < end && Chars.isDigit(text.charAt(i + 1));
            if (!signed && !Chars.isDigit(c)) {
                out.append(c);
                i++;
                continue;
            }
            int numberStart = i;
            i++;
            while (i < end && (Chars.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            BigDecimal value = new BigDecimal(text.subSequence(numberStart, i).toString());
            BigDecimal bound = value.abs().compareTo(LAT_BOUND) <= 0 ? LAT_BOUND : LON_BOUND;
            BigDecimal centre = value.divide(grid, 0, RoundingMode.FLOOR).multiply(grid).add(half);
            if (centre.compareTo(bound) > 0) {
                centre = centre.subtract(grid);
            } else if (centre.compareTo(bound.negate()) < 0) {
                centre = centre.add(grid);
            }
            if (c == '+' && centre.signum() >= 0) {
                out.append('+');
            }
            out.append(centre.stripTrailingZeros().toPlainString());
        }
    }

    /**
     * An IP address finding cut to its network by {@link IpPrefixes}: {@code 192.0.2.77} →
     * {@code 192.0.2.0}, {@code 2001:db8:85a3::8a2e:370:7334} → {@code 2001:db8:85a3::}. An
     * IPv4-mapped address ({@code ::ffff:192.0.2.77}) keeps its IPv6 form in the text
     * ({@code ::ffff:192.0.2.0}). A finding the shared parser does not accept is replaced by
     * {@code placeholder} (fail closed).
     */
    static void ip(CharSequence text, int start, int end, String placeholder, StringBuilder out) {
        String finding = text.subSequence(start, end).toString();
        String network = IpPrefixes.truncate(finding);
        if (network == null) {
            out.append(placeholder);
        } else if (finding.indexOf(':') >= 0 && network.indexOf(':') < 0) {
            out.append("::ffff:").append(network);
        } else {
            out.append(network);
        }
    }
}
