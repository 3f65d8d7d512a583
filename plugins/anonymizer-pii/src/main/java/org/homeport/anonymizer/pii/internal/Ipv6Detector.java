package org.homeport.anonymizer.pii.internal;

import java.util.List;
import java.util.Map;

/**
 * IPv6 addresses: eight groups of one to four hex digits, the {@code ::} compressed form (RFC
 * 5952), and a trailing embedded IPv4 address ({@code ::ffff:192.0.2.1}). A zone id
 * ({@code %eth0}), brackets and a port are not part of the finding. The address must not be glued
 * to a letter or digit, so {@code std::vector} or {@code Foo::bar} are not addresses; a
 * time like {@code 10:00:00} or a MAC address fails the parse (no {@code ::}, not eight groups).
 * Eight groups of exactly two hex digits are a Fibre Channel or EUI-64 World Wide Name
 * ({@code 21:00:00:24:ff:4c:1a:2b}), not an address: RFC 5952 text never pads a group to two
 * digits, and no address tool prints eight two-digit groups. A field whose key has the part
 * {@code wwn}, {@code wwpn}, {@code wwnn} or {@code eui} holds no addresses.
 *
 * <p>Linear: one pass over maximal runs of hex digits, colons and dots; each run is parsed once,
 * and runs longer than the longest textual address (45) are rejected without parsing.
 */
final class Ipv6Detector implements Detector {
    static final String ID = "ipv6";
    private static final int MAX_LENGTH = 45;
    private static final WordTable WWN_KEYS = new WordTable(Map.of("wwn", "", "wwpn", "", "wwnn", "", "eui", ""));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[ip]";
    }

    @Override
    public void find(CharSequence text, String key, List<Finding> out) {
        if (!ContextWords.keyHas(key, WWN_KEYS)) {
            find(text, out);
        }
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!Chars.isHex(c) && c != ':') {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isRunChar(text.charAt(i))) {
                i++;
            }
            int end = i;
            // a sentence's full stop or a label's colon after the address: "on fe80::1: timeout"
            if (text.charAt(end - 1) == '.'
                    || (text.charAt(end - 1) == ':' && end - 2 >= start && text.charAt(end - 2) != ':')) {
                end--;
            }
            boolean separate = !Chars.isWord(Chars.at(text, start - 1)) && !Chars.isWord(Chars.at(text, i));
            if (separate && end - start <= MAX_LENGTH && !isWorldWideName(text, start, end) && isAddress(text, start, end)) {
                out.add(new Finding(ID, start, end));
            }
        }
    }

    /** @return whether {@code text[start, end)} is {@code xx:xx:xx:xx:xx:xx:xx:xx}, hex pairs */
    private static boolean isWorldWideName(CharSequence text, int start, int end) {
        if (end - start != 23) {
            return false;
        }
        for (int k = 0; k < 8; k++) {
            int at = start + 3 * k;
            if (!Chars.isHex(text.charAt(at)) || !Chars.isHex(text.charAt(at + 1)) || (k < 7 && text.charAt(at + 2) != ':')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isRunChar(char c) {
        return Chars.isHex(c) || c == ':' || c == '.';
    }

    /** Parses {@code text[start, end)} as an IPv6 address literal. */
    private static boolean isAddress(CharSequence text, int start, int end) {
        int groups = 0;
        boolean compressed = false;
        int i = start;
        if (text.charAt(i) == ':') {
            if (i + 1 >= end || text.charAt(i + 1) != ':') {
                return false;
            }
            compressed = true;
            i += 2;
            if (i == end) {
                return true;                                   // "::", the unspecified address
            }
        }
        while (true) {
            int groupStart = i;
            while (i < end && Chars.isHex(text.charAt(i)) && i - groupStart < 5) {
                i++;
            }
            if (i < end && text.charAt(i) == '.') {            // embedded IPv4 takes the last 32 bits
                return Ipv4Detector.isAddress(text, groupStart, end)
                        && (compressed ? groups + 2 <= 7 : groups + 2 == 8);
            }
            int digits = i - groupStart;
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups++;
            if (i == end) {
                return compressed ? groups <= 7 : groups == 8;
            }
            if (text.charAt(i) != ':' || groups >= 8) {
                return false;
            }
            i++;
            if (i < end && text.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == end) {
                    return groups <= 7;
                }
            } else if (i == end) {
                return false;
            }
        }
    }
}
