package org.homeport.anonymizer.pii.internal;

import java.util.ArrayList;
import java.util.List;
import org.homeport.api.util.text.EmailAddresses;

/**
 * E-mail addresses, as {@link EmailAddresses} reads them (the scanner {@code redact-emails} uses
 * too): {@code local@domain} with two or more domain labels, the last two or more letters or an
 * internationalized top-level domain in ASCII ({@code xn--p1ai}); not {@code root@localhost} nor
 * the user part of a URL ({@code //user@host}). Three look-alikes with an {@code @} are left, by
 * their structure:
 * <ul>
 * <li>a git remote in scp-like syntax, {@code [user@]host:path} (git-clone(1)), and
 * {@code user@host:port}: the domain is followed by {@code :} and a character that is not
 * whitespace ({@code git@gitlab.example.com:team/app.git});
 * <li>a package spec whose version is a semantic version ({@code react@18.2.0},
 * {@code lodash@4.17.21.tgz}): the domain starts with three numeric labels;
 * <li>a high-density asset name in Apple's {@code @2x} convention ({@code avatar@2x.png},
 * {@code icon@1.5x.webp}): the domain starts with a number and {@code x}.
 * </ul>
 * Also found: percent-encoded addresses in URLs and form data, {@code john%40example.org}
 * ({@code %40} is {@code @}, RFC 3986), the local part read back over at most 64 characters
 * (RFC 5321's limit) of letters, digits, {@code . _ + - '} and the escapes {@code %2B %2E %5F %2D %27}.
 *
 * <p>Linear: the {@code @} scan of {@link EmailAddresses}, then one pass for {@code %40} whose
 * look-back is bounded and never crosses the previous finding.
 */
final class EmailDetector implements Detector {
    static final String ID = "email";
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 255;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return EmailAddresses.PLACEHOLDER;
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        if (indexOfEncodedAt(text, 0) < 0) {
            // the usual case: plain addresses only, added as found, without a list to merge
            EmailAddresses.find(text, (start, end) -> addUnlessLookAlike(text, start, end, out));
            return;
        }
        List<Finding> plain = new ArrayList<>();
        EmailAddresses.find(text, (start, end) -> addUnlessLookAlike(text, start, end, plain));
        List<Finding> encoded = new ArrayList<>();
        findEncoded(text, encoded);
        merge(plain, encoded, out);
    }

    private static void addUnlessLookAlike(CharSequence text, int start, int end, List<Finding> out) {
        int at = start;
        while (text.charAt(at) != '@') {
            at++;
        }
        if (!isLookAlike(text, at, end)) {
            out.add(new Finding(ID, start, end));
        }
    }

    /** Adds both lists to {@code out} ordered by start, leaving out encoded findings that overlap plain ones. */
    private static void merge(List<Finding> plain, List<Finding> encoded, List<Finding> out) {
        int p = 0;
        for (Finding e : encoded) {
            while (p < plain.size() && plain.get(p).end() <= e.start()) {
                out.add(plain.get(p++));
            }
            if (p < plain.size() && plain.get(p).start() < e.end()) {
                continue;                                      // inside a plain address: that one wins
            }
            out.add(e);
        }
        while (p < plain.size()) {
            out.add(plain.get(p++));
        }
    }

    private static boolean isLookAlike(CharSequence text, int at, int end) {
        char after = Chars.at(text, end);
        if (after == ':' && end + 1 < text.length() && !Character.isWhitespace(text.charAt(end + 1))) {
            return true;                                       // scp-like git remote, user@host:port
        }
        int i = at + 1;
        int numericLabels = 0;
        while (numericLabels < 3) {
            int digits = i;
            while (Chars.isDigit(Chars.at(text, i))) {
                i++;
            }
            if (i == digits) {
                break;
            }
            if (numericLabels == 0 && (Chars.at(text, i) == 'x' || Chars.at(text, i) == 'X') && Chars.at(text, i + 1) == '.') {
                return true;                                   // avatar@2x.png
            }
            if (Chars.at(text, i) != '.') {
                break;
            }
            numericLabels++;
            i++;
            if (numericLabels == 1 && Chars.isDigit(Chars.at(text, i))) {
                int fraction = i;
                while (Chars.isDigit(Chars.at(text, fraction))) {
                    fraction++;
                }
                if ((Chars.at(text, fraction) == 'x' || Chars.at(text, fraction) == 'X') && Chars.at(text, fraction + 1) == '.') {
                    return true;                               // icon@1.5x.png
                }
            }
        }
        return numericLabels == 3 || (numericLabels == 2 && Chars.isDigit(Chars.at(text, i)));
    }

    private static int indexOfEncodedAt(CharSequence text, int from) {
        for (int i = Chars.indexOf(text, '%', from); i >= 0; i = Chars.indexOf(text, '%', i + 1)) {
            if (Chars.at(text, i + 1) == '4' && Chars.at(text, i + 2) == '0') {
                return i;
            }
        }
        return -1;
    }

    /** Adds the {@code local%40domain} findings, in order. */
    private static void findEncoded(CharSequence text, List<Finding> out) {
        int floor = 0;
        int at = indexOfEncodedAt(text, 0);
        while (at >= 0) {
            int start = localStart(text, at, floor);
            int end = domainEnd(text, at + 3);
            if (start < at && end > at + 3) {
                out.add(new Finding(ID, start, end));
                floor = end;
                at = indexOfEncodedAt(text, end);
            } else {
                floor = at + 3;
                at = indexOfEncodedAt(text, at + 3);
            }
        }
    }

    private static int localStart(CharSequence text, int at, int floor) {
        int limit = Math.max(floor, at - MAX_LOCAL);
        int i = at;
        while (i > limit) {
            char c = text.charAt(i - 1);
            if (Chars.isDigit(c) || Character.isLetter(c) || c == '.' || c == '_' || c == '+' || c == '-' || c == '\'') {
                i--;
            } else if (c == '%' && i + 2 <= at && isLocalEscape(text, i - 1)) {
                i--;
            } else if (c == '%') {
                i = Math.min(at, i + 2);                       // "%3Djohn": the local part starts after the escape
                break;
            } else {
                break;
            }
        }
        while (i < at && text.charAt(i) == '.') {
            i++;
        }
        return Math.min(i, at);
    }

    private static boolean isLocalEscape(CharSequence text, int percent) {
        char a = Chars.at(text, percent + 1);
        char b = Character.toUpperCase(Chars.at(text, percent + 2));
        return (a == '2' && (b == 'B' || b == 'E' || b == 'D' || b == '7')) || (a == '5' && b == 'F');
    }

    /** @return the end of the longest domain of two or more labels, the last all letters, or {@code from} */
    private static int domainEnd(CharSequence text, int from) {
        int end = from;
        int labels = 0;
        int i = from;
        while (i - from < MAX_DOMAIN) {
            int labelStart = i;
            boolean letters = true;
            while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '-')) {
                letters &= Character.isLetter(text.charAt(i));
                i++;
            }
            if (i == labelStart) {
                return end;
            }
            labels++;
            if (labels >= 2 && letters && i - labelStart >= 2) {
                end = i;
            }
            if (Chars.at(text, i) != '.') {
                return end;
            }
            i++;
        }
        return end;
    }
}
