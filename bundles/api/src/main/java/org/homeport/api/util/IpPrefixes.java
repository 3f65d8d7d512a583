package org.homeport.api.util;

/**
 * Truncates IP address literals to their network: IPv4 to /24, IPv6 to /48, an IPv4-mapped IPv6
 * address to the /24 of its IPv4 address, written as IPv4. Literals are parsed by hand, so no input
 * can ever trigger a DNS lookup. Only canonical literals are accepted (no leading zeros in IPv4
 * octets, no ports, brackets, CIDR or surrounding spaces); anything else counts as "not an IP
 * address". What {@code ip-truncate} and {@code pii-redact}'s {@code generalize} treatment share.
 *
 * @since util 1.0 (in {@code org.homeport.api.anonymize} from 1.1)
 */
public final class IpPrefixes {
    /** Longer than any IPv6 literal with an embedded IPv4 part and a reasonable zone id. */
    private static final int MAX_LITERAL_LENGTH = 100;

    private IpPrefixes() {
    }

    /** @return the truncated address, or {@code null} if {@code text} is not an IP literal */
    public static String truncate(String text) {
        if (text.isEmpty() || text.length() > MAX_LITERAL_LENGTH) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            int[] v4 = parseIpv4(text, 0, text.length());
            return v4 == null ? null : formatTruncatedIpv4(v4);
        }
        int[] v6 = parseIpv6(text);
        if (v6 == null) {
            return null;
        }
        if (isIpv4Mapped(v6)) {
            return formatTruncatedIpv4(new int[] {v6[6] >> 8, v6[6] & 0xff, v6[7] >> 8, v6[7] & 0xff});
        }
        int[] kept = {v6[0], v6[1], v6[2], 0, 0, 0, 0, 0};
        return formatIpv6(kept);
    }

    private static String formatTruncatedIpv4(int[] octets) {
        return octets[0] + "." + octets[1] + "." + octets[2] + ".0";
    }

    /** Four decimal octets 0-255 without leading zeros (which some parsers read as octal). */
    private static int[] parseIpv4(String s, int from, int to) {
        int[] octets = new int[4];
        int part = 0;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && isDigit(s.charAt(i))) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            octets[part++] = value;
            if (part == 4) {
                return i == to ? octets : null;
            }
            if (i >= to || s.charAt(i) != '.') {
                return null;
            }
            i++;
        }
    }

    /** @return the eight 16-bit groups, or {@code null} if this is no IPv6 literal */
    private static int[] parseIpv6(String text) {
        int end = text.indexOf('%');
        if (end == 0 || end == text.length() - 1) {
            return null;
        }
        // A zone id names a local interface; it goes away with the truncated bits.
        String s = end < 0 ? text : text.substring(0, end);
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        if (gap < 0) {
            return parseGroups(s, 0, s.length(), groups, 0, true) == 8 ? groups : null;
        }
        int[] tail = new int[8];
        int headCount = parseGroups(s, 0, gap, groups, 0, false);
        int tailCount = parseGroups(s, gap + 2, s.length(), tail, 0, true);
        if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
            return null;
        }
        System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
        return groups;
    }

    /**
     * Parses colon-separated groups in {@code s[from, to)} into {@code out} from {@code at}.
     *
     * @param ipv4TailAllowed whether the last element may be a dotted IPv4 address (two groups)
     * @return how many groups were read, or -1 if malformed
     */
    private static int parseGroups(String s, int from, int to, int[] out, int at, boolean ipv4TailAllowed) {
        if (from == to) {
            return 0;
        }
        int count = at;
        int i = from;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && Character.digit(s.charAt(i), 16) >= 0) {
                value = (value << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                int[] v4 = ipv4TailAllowed && count <= 6 ? parseIpv4(s, start, to) : null;
                if (v4 == null) {
                    return -1;
                }
                out[count++] = (v4[0] << 8) | v4[1];
                out[count++] = (v4[2] << 8) | v4[3];
                return count - at;
            }
            if (i == start || count == 8) {
                return -1;
            }
            out[count++] = value;
            if (i == to) {
                return count - at;
            }
            if (s.charAt(i) != ':') {
                return -1;
            }
            i++;
            if (i == to) {
                return -1;
            }
        }
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
    private static String formatIpv6(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
