package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * Credentials in URLs: in {@code scheme://user:password@host…} the finding is
 * {@code user:password} (the user may be empty, as in {@code redis://:secret@cache}). The last
 * {@code @} of the authority separates it from the host, so a password with an unescaped
 * {@code @} is still covered. {@code scheme://user@host} without a password is not reported.
 *
 * <p>Linear: at each {@code ://} the authority is read up to the first {@code /}, {@code ?},
 * {@code #}, quote or whitespace, and the scan continues at its last character; two authorities
 * share at most that one character, because {@code /} ends an authority.
 */
final class UrlCredentialsDetector implements Detector {
    static final String ID = "url-credentials";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[credentials]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != ':' || Chars.at(text, i + 1) != '/' || Chars.at(text, i + 2) != '/'
                    || !Chars.isAsciiLetter(Chars.at(text, i - 1))) {
                i++;
                continue;
            }
            int start = i + 3;
            int end = start;
            int lastAt = -1;
            int colon = -1;
            while (end < text.length() && !endsAuthority(text.charAt(end))) {
                char c = text.charAt(end);
                if (c == '@') {
                    lastAt = end;
                } else if (c == ':' && colon < 0 && lastAt < 0) {
                    colon = end;
                }
                end++;
            }
            // the password may hold ':' or '@'; the colon that counts is the first one before the first '@'
            if (lastAt > 0 && colon >= 0 && colon + 1 < lastAt && lastAt + 1 < end) {
                out.add(new Finding(ID, start, lastAt));
            }
            i = end - 1;                                       // the ':' of a following "://" may end this authority
        }
    }

    private static boolean endsAuthority(char c) {
        return Character.isWhitespace(c) || "/?#\"'<>".indexOf(c) >= 0;
    }
}
