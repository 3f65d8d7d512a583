package org.homeport.anonymizer.pii.internal;

import java.util.List;
import java.util.Set;

/**
 * Person names and user names that stand after an explicit key, in log lines ({@code user="Jane Doe"},
 * {@code user=jdoe}, {@code name: Jane Doe}, {@code "author": "Jane Doe"}), and the whole value of a
 * field with such a key. Names in prose without a key are not found (that needs a language model).
 * <ul>
 * <li><b>login keys</b> ({@link #LOGIN_KEYS}: {@code user}, {@code username}, {@code login},
 * {@code account}, {@code uid} …): a quoted value, or one token of letters, digits and
 * {@code . _ -} (not digits only: numeric ids are left to {@code user-id.fields}); after an unquoted
 * {@code :} the token must end the clause or look like a login (hold a digit, {@code .}, {@code _}
 * or {@code -}), so "user: not found" stays; capitalised words as below count too;
 * <li><b>name keys</b> ({@link #NAME_KEYS}: {@code name}, {@code full_name}, {@code display_name},
 * {@code first_name}, {@code author}, {@code owner}, {@code assignee}, {@code customer} …): a quoted
 * value, or one to four words each starting with a capital letter (any script) and made of letters,
 * {@code '}, {@code -} and a final {@code .} ({@code Jane Doe}, {@code J. R. Tolkien},
 * {@code Zoë O'Brien-Smith}); {@code name=config} and {@code name: printer queue} stay. After the
 * key {@code name} itself, in text or as a field's key, only two to four such words count, quoted or
 * not, since services, printers and spans have names too ({@code "name": "CalendarSync"},
 * {@code "name": "Printer-3F"} stay);
 * <li>in a field with such a key the whole value is the finding, up to a {@code <} or {@code (}
 * ({@code "author": "Jane Doe <jane@example.org>"} finds {@code Jane Doe}; the address is an
 * {@code email} finding of its own);
 * <li>a key is a whole word, {@code _ - .} and case ignored ({@code userName}, {@code USER_NAME},
 * {@code display-name}), optionally in quotes, then {@code =} or {@code :} and up to two spaces;
 * {@code hostname}, {@code filename}, {@code user_id} are other keys;
 * <li>never a name: placeholders and masks ({@code [name]}, {@code <user>}, {@code ${USER}},
 * {@code %USERNAME%}, {@code ***}), and {@code null}, {@code none}, {@code unknown},
 * {@code anonymous}, {@code system}, {@code root}, {@code admin}, {@code guest}, {@code n/a},
 * {@code -}. An e-mail address as the value is an {@code email} finding (that detector comes first).
 * </ul>
 *
 * <p>Linear: at each {@code =} and {@code :} the key is read back over at most 32 characters, the
 * value forwards over at most 128, and the scan continues behind a finding.
 */
final class PersonDetector implements Detector {
    static final String ID = "person";
    static final Set<String> LOGIN_KEYS = Set.of("user", "username", "login", "loginname", "accountname",
            "uid", "userprincipalname", "upn", "samaccountname", "principal", "actor");
    static final Set<String> NAME_KEYS = Set.of("name", "fullname", "displayname", "firstname", "lastname", "givenname",
            "familyname", "surname", "middlename", "nickname", "author", "authorname", "owner", "ownername", "assignee",
            "reporter", "customer", "customername", "contactname", "cardholder", "cardholdername", "holder",
            "accountholder", "employee", "employeename", "patient", "patientname", "person", "personname",
            "requester", "requestedby", "createdby", "modifiedby", "updatedby", "submittedby", "approvedby",
            "sendername", "recipientname", "committer", "signer", "contact");
    private static final Set<String> NOT_NAMES = Set.of("null", "none", "nil", "unknown", "anonymous", "system", "root",
            "admin", "administrator", "guest", "n/a", "-", "true", "false", "undefined", "nobody", "default", "empty");
    /** The longest key as written, separators included. */
    private static final int MAX_KEY_LENGTH = 24;
    /** The keys without separators, for a look-up that makes no string: {@link #LOGIN} or {@link #NAME} by key. */
    private static final WordTable KINDS_OF_KEYS = kindsOfKeys();
    private static final boolean[] KEY_LAST_LETTERS = new boolean[128];

    static {
        for (Set<String> keys : List.of(LOGIN_KEYS, NAME_KEYS)) {
            for (String key : keys) {
                KEY_LAST_LETTERS[key.charAt(key.length() - 1)] = true;
            }
        }
    }
    private static final int MAX_VALUE = 128;
    private static final int LOGIN = 1;
    private static final int NAME = 2;

    private static WordTable kindsOfKeys() {
        java.util.Map<String, String> kinds = new java.util.HashMap<>();
        NAME_KEYS.forEach(key -> kinds.put(key, "name"));
        LOGIN_KEYS.forEach(key -> kinds.put(key, "login"));        // login first where a key were both, as before
        return new WordTable(kinds);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[name]";
    }

    @Override
    public void find(CharSequence text, String key, List<Finding> out) {
        int kind = key == null ? 0 : kindOfKey(key, 0, key.length());
        if (kind != 0) {
            int start = 0;
            int end = text.length();
            for (int k = 0; k < end && k <= MAX_VALUE; k++) {
                if (text.charAt(k) == '<' || text.charAt(k) == '(') {
                    end = k;                                   // "Jane Doe <jane@example.org>": the name before it
                    break;
                }
            }
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            boolean ok = end > start && end - start <= MAX_VALUE && !isNotAName(text, start, end)
                    && (isBareName(key, 0, key.length()) ? isFullName(text, start, end) : !allDigits(text, start, end));
            if (ok) {
                out.add(new Finding(ID, start, end));
                return;
            }
        }
        find(text, out);
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        // only a = or : can follow a key: jump from one to the next (indexOf, see Chars) rather than test every character
        int nextEquals = Chars.indexOf(text, '=', 0);
        int nextColon = Chars.indexOf(text, ':', 0);
        while (nextEquals >= 0 || nextColon >= 0) {
            int sep = nextColon < 0 || (nextEquals >= 0 && nextEquals < nextColon) ? nextEquals : nextColon;
            int next = labelled(text, sep, out);
            int from = next > sep ? next : sep + 1;
            if (nextEquals >= 0 && nextEquals < from) {
                nextEquals = Chars.indexOf(text, '=', from);
            }
            if (nextColon >= 0 && nextColon < from) {
                nextColon = Chars.indexOf(text, ':', from);
            }
        }
    }

    private static int labelled(CharSequence text, int sep, List<Finding> out) {
        boolean equals = text.charAt(sep) == '=';
        if (!equals && (Chars.at(text, sep + 1) == '/' || Chars.at(text, sep + 1) == ':' || Chars.at(text, sep - 1) == ':')) {
            return -1;                                         // "://", "::"
        }
        int keyEnd = sep;
        while (keyEnd > 0 && sep - keyEnd < 2 && text.charAt(keyEnd - 1) == ' ') {
            keyEnd--;
        }
        if (keyEnd > 0 && (text.charAt(keyEnd - 1) == '"' || text.charAt(keyEnd - 1) == '\'')) {
            keyEnd--;
        }
        char last = Character.toLowerCase(Chars.at(text, keyEnd - 1));
        if (last >= 128 || !KEY_LAST_LETTERS[last]) {
            return -1;                                         // no key ends in this character
        }
        int keyStart = keyEnd;
        // a key of more than MAX_KEY_LENGTH is none: read back at most one character further
        while (keyStart > 0 && keyEnd - keyStart <= MAX_KEY_LENGTH && isKeyChar(text.charAt(keyStart - 1))) {
            keyStart--;
        }
        if (keyStart == keyEnd || (keyStart > 0 && isKeyChar(text.charAt(keyStart - 1)))) {
            return -1;
        }
        int kind = kindOfKey(text, keyStart, keyEnd);
        if (kind == 0) {
            return -1;
        }
        int start = sep + 1;
        while (start < text.length() && start - sep <= 2 && text.charAt(start) == ' ') {
            start++;
        }
        char first = Chars.at(text, start);
        int end;
        if (first == '"' || first == '\'') {
            end = start + 1;
            while (end < text.length() && end - start <= MAX_VALUE && text.charAt(end) != first && text.charAt(end) != '\n') {
                end++;
            }
            if (Chars.at(text, end) != first || end == start + 1) {
                return -1;
            }
            start++;
        } else {
            end = capitalisedWordsEnd(text, start);
            if (end == start && kind == LOGIN) {
                end = loginEnd(text, start);
                if (end > start && !equals && !looksLikeLogin(text, start, end) && !endsClause(text, end)) {
                    end = start;
                }
            }
        }
        if (end == start || isNotAName(text, start, end) || allDigits(text, start, end)
                || (isBareName(text, keyStart, keyEnd) && !isFullName(text, start, end))) {
            return -1;
        }
        out.add(new Finding(ID, start, end));
        return end;
    }

    /** @return {@link #LOGIN}, {@link #NAME} or 0 for the key {@code text[start, end)}, separators and case ignored */
    private static int kindOfKey(CharSequence text, int start, int end) {
        char last = Character.toLowerCase(text.charAt(end - 1));
        if (end - start > MAX_KEY_LENGTH || last >= 128 || !KEY_LAST_LETTERS[last]) {
            return 0;                                          // cheap: no key of that length or ending
        }
        boolean separators = false;
        for (int k = start; k < end && !separators; k++) {
            char c = text.charAt(k);
            separators = c == '_' || c == '-' || c == '.';
        }
        if (!separators) {                                     // the usual case, looked up without making a string
            String kind = KINDS_OF_KEYS.get(text, start, end);
            return kind == null ? 0 : kind.equals("login") ? LOGIN : NAME;
        }
        StringBuilder key = new StringBuilder(end - start);
        for (int k = start; k < end; k++) {
            char c = text.charAt(k);
            if (c != '_' && c != '-' && c != '.') {
                key.append(Character.toLowerCase(c));
            }
        }
        String normalized = key.toString();
        return LOGIN_KEYS.contains(normalized) ? LOGIN : NAME_KEYS.contains(normalized) ? NAME : 0;
    }

    private static boolean isBareName(CharSequence key, int start, int end) {
        return end - start == 4 && Chars.matchesIgnoreCase(key, start, "name");
    }

    /** Two to four capitalised words, exactly {@code text[start, end)}. */
    private static boolean isFullName(CharSequence text, int start, int end) {
        if (capitalisedWordsEnd(text, start) != end) {
            return false;
        }
        for (int k = start; k < end; k++) {
            if (text.charAt(k) == ' ') {
                return true;
            }
        }
        return false;
    }

    private static boolean isKeyChar(char c) {
        return Chars.isAsciiLetter(c) || c == '_' || c == '-' || c == '.';
    }

    /** @return the end of one to four capitalised words at {@code start}, or {@code start} */
    private static int capitalisedWordsEnd(CharSequence text, int start) {
        int i = start;
        int end = start;
        for (int words = 0; words < 4 && i - start < MAX_VALUE; words++) {
            if (!Character.isUpperCase(Chars.at(text, i))) {
                break;
            }
            int wordStart = i;
            i++;
            while (i - start < MAX_VALUE && (Character.isLetter(Chars.at(text, i)) || Chars.at(text, i) == '\''
                    || (Chars.at(text, i) == '-' && Character.isLetter(Chars.at(text, i + 1))))) {
                i++;
            }
            if (Chars.at(text, i) == '.' && i - wordStart <= 2) {
                i++;                                           // an initial: "J."
            }
            if (Chars.isDigit(Chars.at(text, i)) || Chars.at(text, i) == '_' || Chars.at(text, i) == '/'
                    || (Chars.at(text, i) == '.' && Character.isLetterOrDigit(Chars.at(text, i + 1)))) {
                return end;                                    // "Foo.Bar", "Printer3": not a name
            }
            end = i;
            if (Chars.at(text, i) != ' ' || !Character.isUpperCase(Chars.at(text, i + 1))) {
                break;
            }
            i++;
        }
        return end;
    }

    private static int loginEnd(CharSequence text, int start) {
        int end = start;
        while (end < text.length() && end - start < MAX_VALUE && (Character.isLetterOrDigit(text.charAt(end))
                || text.charAt(end) == '.' || text.charAt(end) == '_' || text.charAt(end) == '-')) {
            end++;
        }
        while (end > start && text.charAt(end - 1) == '.') {
            end--;
        }
        return end;
    }

    private static boolean looksLikeLogin(CharSequence text, int start, int end) {
        for (int k = start; k < end; k++) {
            char c = text.charAt(k);
            if (Chars.isDigit(c) || c == '.' || c == '_' || c == '-') {
                return true;
            }
        }
        return false;
    }

    private static boolean endsClause(CharSequence text, int end) {
        char c = Chars.at(text, end);
        return c == Chars.NONE || c == ',' || c == ';' || c == ')' || c == '\n' || c == '\r'
                || (c == ' ' && (Chars.at(text, end + 1) == '(' || Chars.at(text, end + 1) == '['));
    }

    private static boolean isNotAName(CharSequence text, int start, int end) {
        char first = text.charAt(start);
        if ("[<{$%*~#".indexOf(first) >= 0) {
            return true;
        }
        return end - start <= 13 && NOT_NAMES.contains(Chars.lower(text, start, end));
    }

    private static boolean allDigits(CharSequence text, int start, int end) {
        for (int k = start; k < end; k++) {
            if (!Chars.isDigit(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
