package org.homeport.anonymizer.pii.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The {@code generalize} treatment: keeps a finding's coarse part and drops the precise rest.
 * Coordinates are snapped to the centre of a grid cell, IPv4 addresses keep their /24 and IPv6
 * addresses their /48. Each method takes a finding the matching detector accepted, so the text is
 * already known to be well-formed and short.
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

    /** {@code 192.0.2.77} → {@code 192.0.2.0} */
    static void ipv4(CharSequence text, int start, int end, StringBuilder out) {
        int lastDot = end - 1;
        while (text.charAt(lastDot) != '.') {
            lastDot--;
        }
        out.append(text, start, lastDot + 1).append('0');
    }

    /**
     * The first 48 bits, the rest zero, in RFC 5952 form: {@code 2001:db8:85a3::8a2e:370:7334} →
     * {@code 2001:db8:85a3::}. An IPv4-mapped address ({@code ::ffff:192.0.2.77}) is an IPv4 client
     * and keeps its /24 instead ({@code ::ffff:192.0.2.0}), as {@code ip-truncate} does.
     */
    static void ipv6(CharSequence text, int start, int end, StringBuilder out) {
        int[] groups = parseIpv6(text, start, end);
        boolean mapped = groups[5] == 0xffff;
        for (int g = 0; g < 5; g++) {
            mapped &= groups[g] == 0;
        }
        if (mapped) {
            out.append("::ffff:").append(groups[6] >> 8).append('.').append(groups[6] & 0xff).append('.')
                    .append(groups[7] >> 8).append(".0");
            return;
        }
        for (int g = 3; g < 8; g++) {
            groups[g] = 0;
        }
        appendIpv6(groups, out);
    }

    /** Parses an address {@link Ipv6Detector} accepted: hex groups, at most one {@code ::}, maybe a dotted tail. */
    static int[] parseIpv6(CharSequence text, int start, int end) {
        int[] head = new int[8];
        int[] tail = new int[8];
        int heads = 0;
        int tails = 0;
        boolean compressed = false;
        int i = start;
        if (end - start >= 2 && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
            compressed = true;
            i += 2;
        }
        while (i < end) {
            int groupStart = i;
            int value = 0;
            while (i < end && Chars.isHex(text.charAt(i))) {
                value = (value << 4) | Character.digit(text.charAt(i), 16);
                i++;
            }
            if (i < end && text.charAt(i) == '.') {                // the embedded IPv4 tail: two groups
                int[] octets = new int[4];
                int k = 0;
                int j = groupStart;
                while (j < end) {
                    char c = text.charAt(j++);
                    if (c == '.') {
                        k++;
                    } else {
                        octets[k] = octets[k] * 10 + (c - '0');
                    }
                }
                int[] target = compressed ? tail : head;
                int count = compressed ? tails : heads;
                target[count] = (octets[0] << 8) | octets[1];
                target[count + 1] = (octets[2] << 8) | octets[3];
                if (compressed) {
                    tails += 2;
                } else {
                    heads += 2;
                }
                break;
            }
            if (compressed) {
                tail[tails++] = value;
            } else {
                head[heads++] = value;
            }
            if (i < end) {
                i++;                                               // ':'
                if (i < end && text.charAt(i) == ':') {
                    compressed = true;
                    i++;
                }
            }
        }
        int[] groups = new int[8];
        System.arraycopy(head, 0, groups, 0, heads);
        System.arraycopy(tail, 0, groups, 8 - tails, tails);
        return groups;
    }

    /** RFC 5952: lower case, no leading zeros, the first longest run of two or more zero groups as {@code ::}. */
    static void appendIpv6(int[] groups, StringBuilder out) {
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int h = g;
            while (h < 8 && groups[h] == 0) {
                h++;
            }
            if (h - g > bestLength) {
                bestStart = g;
                bestLength = h - g;
            }
            g = h;
        }
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append("::");
                g += bestLength - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLength) {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[g]));
        }
    }
}
