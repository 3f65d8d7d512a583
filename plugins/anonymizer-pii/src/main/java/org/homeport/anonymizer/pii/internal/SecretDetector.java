package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * Secrets by their label: the value after {@code api_key=}, {@code apikey=}, {@code token=},
 * {@code secret=} or {@code password=} (key case-insensitive, also as the end of a longer key such
 * as {@code access_token=} or {@code db_password=}), up to the next space, {@code &}, {@code ;},
 * {@code ,}, quote or bracket, or the whole quoted value if it starts with a quote; and the
 * credential after {@code Bearer } (case-insensitive) when it is at least
 * {@value #MIN_BEARER_LENGTH} characters long, so prose such as "Bearer token missing" is left.
 *
 * <p>Linear: one pass; at each {@code =} the key is compared backwards over at most eight
 * characters, and after a finding the scan continues behind the value.
 */
final class SecretDetector implements Detector {
    static final String ID = "secret";
    private static final String[] KEYS = {"api_key", "apikey", "token", "secret", "password"};
    private static final String BEARER = "bearer";
    private static final int MIN_BEARER_LENGTH = 16;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[secret]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '=' && labelledBySecretKey(text, i)) {
                int start = i + 1;
                int end = valueEnd(text, start);
                if (end > start) {
                    out.add(new Finding(ID, start, end));
                    i = end;
                    continue;
                }
            } else if ((c == 'b' || c == 'B') && !Chars.isWord(Chars.at(text, i - 1))
                    && Chars.matchesIgnoreCase(text, i, BEARER) && Chars.at(text, i + BEARER.length()) == ' ') {
                int start = i + BEARER.length() + 1;
                int end = start;
                while (isToken68(Chars.at(text, end))) {
                    end++;
                }
                if (end - start >= MIN_BEARER_LENGTH && !Chars.isWord(Chars.at(text, end))) {
                    out.add(new Finding(ID, start, end));
                }
                i = end;
                continue;
            }
            i++;
        }
    }

    private static boolean labelledBySecretKey(CharSequence text, int equals) {
        for (String key : KEYS) {
            int keyStart = equals - key.length();
            if (keyStart >= 0 && Chars.matchesIgnoreCase(text, keyStart, key)
                    && !Character.isLetterOrDigit(Chars.at(text, keyStart - 1))) {
                return true;
            }
        }
        return false;
    }

    /** @return the end of the value starting at {@code start}; a quoted value ends after its closing quote */
    private static int valueEnd(CharSequence text, int start) {
        char first = Chars.at(text, start);
        if (first == '"' || first == '\'') {
            int end = start + 1;
            while (end < text.length() && text.charAt(end) != first && text.charAt(end) != '\n') {
                end++;
            }
            return end < text.length() && text.charAt(end) == first && end > start + 1 ? end + 1 : start;
        }
        int end = start;
        while (end < text.length() && !endsValue(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean endsValue(char c) {
        return Character.isWhitespace(c) || "&;,\"'()[]{}<>".indexOf(c) >= 0;
    }

    /** RFC 6750 b64token characters. */
    private static boolean isToken68(char c) {
        return Chars.isDigit(c) || Chars.isAsciiLetter(c) || "-._~+/=".indexOf(c) >= 0;
    }
}
