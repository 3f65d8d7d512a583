package org.homeport.anonymizer.pii.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JSON Web Tokens in compact form: three non-empty base64url segments joined by dots, the first
 * decoding to a JSON object with an {@code "alg"} member. Unsecured tokens with an empty signature
 * ({@code alg: none}) are not found.
 *
 * <p>Linear: one pass over maximal runs of base64url characters and dots; a run that has the
 * right shape has its header (at most {@value #MAX_HEADER} characters) decoded once.
 */
final class JwtDetector implements Detector {
    static final String ID = "jwt";
    private static final int MAX_HEADER = 2048;

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
            if (!isBase64Url(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int firstDot = -1;
            int secondDot = -1;
            int dots = 0;
            while (i < text.length() && (isBase64Url(text.charAt(i)) || text.charAt(i) == '.')) {
                if (text.charAt(i) == '.') {
                    dots++;
                    if (dots == 1) {
                        firstDot = i;
                    } else if (dots == 2) {
                        secondDot = i;
                    }
                }
                i++;
            }
            int end = i;
            if (dots == 3 && text.charAt(end - 1) == '.') {    // a full stop after the token
                end--;
                dots--;
            }
            if (dots == 2 && firstDot > start && secondDot > firstDot + 1 && end > secondDot + 1
                    && firstDot - start <= MAX_HEADER && isJoseHeader(text, start, firstDot)) {
                out.add(new Finding(ID, start, end));
            }
        }
    }

    private static boolean isBase64Url(char c) {
        return Chars.isDigit(c) || Chars.isAsciiLetter(c) || c == '-' || c == '_';
    }

    /** @return whether {@code text[start, end)} is base64url of a JSON object naming {@code "alg"} */
    private static boolean isJoseHeader(CharSequence text, int start, int end) {
        if (text.charAt(start) != 'e' || Chars.at(text, start + 1) != 'y') {
            return false;                                      // base64 of '{' followed by a JSON character
        }
        byte[] bytes = new byte[(end - start) * 3 / 4];
        int length = 0;
        int bits = 0;
        int buffer = 0;
        for (int k = start; k < end; k++) {
            buffer = (buffer << 6) | sextet(text.charAt(k));
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                bytes[length++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        String json = new String(bytes, 0, length, StandardCharsets.UTF_8).strip();
        return json.startsWith("{") && json.endsWith("}") && json.contains("\"alg\"");
    }

    private static int sextet(char c) {
        if (Chars.isUpper(c)) {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (Chars.isDigit(c)) {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }
}
