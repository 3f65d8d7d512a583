package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * MAC addresses: six pairs of hex digits joined by {@code :} or by {@code -} (the same one
 * throughout), or three quads joined by dots ({@code aabb.ccdd.eeff}, Cisco style). Not when glued
 * to a word or continued by another separator and hex digit ({@code aa:bb:cc:dd:ee:ff:00:11}).
 *
 * <p>Linear: tried only where a word starts, reading at most 17 characters from there.
 */
final class MacDetector implements Detector {
    static final String ID = "mac";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[mac]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            char before = Chars.at(text, i - 1);
            int end = -1;
            if (Chars.isHex(text.charAt(i)) && !Chars.isWord(before) && !isSeparator(before)) {
                end = pairsEnd(text, i);
                if (end < 0) {
                    end = quadsEnd(text, i);
                }
            }
            if (end > 0 && !Chars.isWord(Chars.at(text, end))
                    && !(isSeparator(Chars.at(text, end)) && Chars.isHex(Chars.at(text, end + 1)))) {
                out.add(new Finding(ID, i, end));
                i = end;
            } else {
                i++;
            }
        }
    }

    private static boolean isSeparator(char c) {
        return c == ':' || c == '-' || c == '.';
    }

    /** @return the end of {@code xx:xx:xx:xx:xx:xx} or {@code xx-…} at {@code start}, or -1 */
    private static int pairsEnd(CharSequence text, int start) {
        char separator = Chars.at(text, start + 2);
        if (separator != ':' && separator != '-') {
            return -1;
        }
        for (int group = 0; group < 6; group++) {
            int at = start + group * 3;
            if (!Chars.isHex(Chars.at(text, at)) || !Chars.isHex(Chars.at(text, at + 1))
                    || (group < 5 && Chars.at(text, at + 2) != separator)) {
                return -1;
            }
        }
        return start + 17;
    }

    /** @return the end of {@code xxxx.xxxx.xxxx} at {@code start}, or -1 */
    private static int quadsEnd(CharSequence text, int start) {
        for (int group = 0; group < 3; group++) {
            int at = start + group * 5;
            for (int k = 0; k < 4; k++) {
                if (!Chars.isHex(Chars.at(text, at + k))) {
                    return -1;
                }
            }
            if (group < 2 && Chars.at(text, at + 4) != '.') {
                return -1;
            }
        }
        return start + 14;
    }
}
