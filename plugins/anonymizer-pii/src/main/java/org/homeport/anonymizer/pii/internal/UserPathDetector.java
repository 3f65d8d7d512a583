package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * User names inside home-directory paths. The finding is only the user-name segment, so the rest of
 * the path stays readable:
 *
 * <ul>
 * <li>Windows: a drive letter (any case), {@code :}, a separator, {@code Users} or
 * {@code Documents and Settings} (any case), a separator, then the segment. A separator is
 * {@code \}, {@code /} or a doubled {@code \\} (paths printed as escaped strings, e.g. Python's
 * {@code 'C:\\Users\\alice'}). The drive letter starts the text or follows whitespace, one of
 * {@code " ' ` = ( [ { < > , ; : |}, or {@code /} or {@code \} ({@code file:///C:/Users/…},
 * {@code \\?\C:\Users\…}).</li>
 * <li>Unix: {@code /home/}, {@code /Users/} (macOS) or {@code /var/home/}, exactly in that case,
 * starting the text or following whitespace, one of {@code " ' ` = ( [ { < > , ; : |}, or the
 * {@code ://} of a URL with an empty host ({@code file:///home/alice}). So {@code /api/users/42},
 * {@code https://cdn.example/home/x} and {@code /mnt/home/x} are not home directories.</li>
 * </ul>
 *
 * <p>The segment runs up to the next {@code /} or {@code \}, whitespace, control character, one of
 * {@code " ' ` : ( ) [ ] { } < > | , ; * ? = & #}, or the end of the text, and at most
 * {@link #MAX_SEGMENT} characters (a longer run is reported as its first {@link #MAX_SEGMENT}
 * characters: the name is at its start, fail closed). On Windows a segment may contain single
 * spaces ({@code C:\Users\John Smith\AppData}) if the run is closed by a separator right after a
 * non-space character; otherwise it ends at its first space. Points at the end of a segment that
 * is not followed by a separator are sentence punctuation and not part of it.
 *
 * <p>Not reported: an empty segment, the well-known non-personal folders {@code Public},
 * {@code Default}, {@code Default User}, {@code All Users} and {@code Shared} (any case), and
 * placeholders: a segment starting with {@code $ % { < ~}.
 *
 * <p>Linear: a candidate is tried only at a {@code /} or a drive letter that follows a boundary;
 * it reads at most 28 characters of root (drive, separators, {@code Documents and Settings}) and
 * {@value #MAX_SEGMENT} + 1 of segment, some of them twice, and a finding moves the scan past it.
 */
final class UserPathDetector implements Detector {
    static final String ID = "user-path";
    static final int MAX_SEGMENT = 64;

    private static final String[] WINDOWS_FOLDERS = {"users", "documents and settings"};
    private static final String[] UNIX_PREFIXES = {"/home/", "/Users/", "/var/home/"};
    private static final String[] NOT_PERSONAL = {"public", "default", "default user", "all users", "shared"};
    private static final String BOUNDARY = "\"'`=([{<>,;:|";
    private static final String ENDS_SEGMENT = "/\\\"'`:()[]{}<>|,;*?=&#";
    private static final String PLACEHOLDER_START = "$%{<~";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[user]";
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int start = -1;
            boolean windows = false;
            if (c == '/') {
                if (unixBoundary(text, i)) {
                    start = unixPrefixEnd(text, i);
                }
            } else if (Chars.isAsciiLetter(c) && Chars.at(text, i + 1) == ':' && windowsBoundary(text, i)) {
                start = windowsPrefixEnd(text, i + 2);
                windows = true;
            }
            if (start > 0) {
                int end = segmentEnd(text, start, windows);
                if (end > start) {
                    out.add(new Finding(ID, start, end));
                    i = end;
                    continue;
                }
            }
            i++;
        }
    }

    private static boolean isBoundary(char c) {
        return c == Chars.NONE || Character.isWhitespace(c) || BOUNDARY.indexOf(c) >= 0;
    }

    private static boolean unixBoundary(CharSequence text, int slash) {
        char before = Chars.at(text, slash - 1);
        return isBoundary(before)
                || (before == '/' && Chars.at(text, slash - 2) == '/' && Chars.at(text, slash - 3) == ':');
    }

    private static boolean windowsBoundary(CharSequence text, int drive) {
        char before = Chars.at(text, drive - 1);
        return isBoundary(before) || before == '/' || before == '\\';
    }

    /** @return the index after {@code /home/}, {@code /Users/} or {@code /var/home/} at {@code slash}, or -1 */
    private static int unixPrefixEnd(CharSequence text, int slash) {
        for (String prefix : UNIX_PREFIXES) {
            if (matches(text, slash, prefix)) {
                return slash + prefix.length();
            }
        }
        return -1;
    }

    /** @return the index after {@code \Users\} or {@code \Documents and Settings\} at {@code from}, or -1 */
    private static int windowsPrefixEnd(CharSequence text, int from) {
        int folder = separatorEnd(text, from);
        if (folder < 0) {
            return -1;
        }
        for (String name : WINDOWS_FOLDERS) {
            if (Chars.matchesIgnoreCase(text, folder, name)) {
                return separatorEnd(text, folder + name.length());
            }
        }
        return -1;
    }

    /** @return the index after a {@code /}, {@code \} or {@code \\} at {@code at}, or -1 */
    private static int separatorEnd(CharSequence text, int at) {
        char c = Chars.at(text, at);
        if (c == '/') {
            return at + 1;
        }
        if (c == '\\') {
            return Chars.at(text, at + 1) == '\\' ? at + 2 : at + 1;
        }
        return -1;
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '\\';
    }

    private static boolean endsSegment(char c) {
        return c == Chars.NONE || Character.isWhitespace(c) || Character.isISOControl(c) || ENDS_SEGMENT.indexOf(c) >= 0;
    }

    /** @return the end of the personal segment starting at {@code start}, or {@code start} if there is none */
    private static int segmentEnd(CharSequence text, int start, boolean windows) {
        char first = Chars.at(text, start);
        if (first == ' ' || PLACEHOLDER_START.indexOf(first) >= 0) {
            return start;
        }
        int limit = start + MAX_SEGMENT;
        int firstSpace = -1;
        int end = start;
        while (end < limit) {
            char c = Chars.at(text, end);
            if (c == ' ' && windows) {
                if (firstSpace < 0) {
                    firstSpace = end;
                }
            } else if (endsSegment(c)) {
                break;
            }
            end++;
        }
        boolean closed = isSeparator(Chars.at(text, end));
        if (firstSpace >= 0 && !(closed && Chars.at(text, end - 1) != ' ')) {
            // 'Default User' or 'All Users' at the end of a path: the whole run names the folder
            if (notPersonal(text, start, trimEnd(text, start, end))) {
                return start;
            }
            end = firstSpace;
            closed = false;
        }
        if (!closed) {
            end = trimEnd(text, start, end);
        }
        return notPersonal(text, start, end) ? start : end;
    }

    /** @return {@code end} moved back over trailing points and spaces, not before {@code start} */
    private static int trimEnd(CharSequence text, int start, int end) {
        while (end > start && (Chars.at(text, end - 1) == '.' || Chars.at(text, end - 1) == ' ')) {
            end--;
        }
        return end;
    }

    private static boolean notPersonal(CharSequence text, int start, int end) {
        for (String name : NOT_PERSONAL) {
            if (end - start == name.length() && Chars.matchesIgnoreCase(text, start, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(CharSequence text, int from, String exact) {
        for (int k = 0; k < exact.length(); k++) {
            if (Chars.at(text, from + k) != exact.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
