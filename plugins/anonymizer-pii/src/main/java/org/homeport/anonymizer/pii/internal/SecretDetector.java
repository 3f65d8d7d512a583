package org.homeport.anonymizer.pii.internal;

import java.util.List;
import java.util.Set;

/**
 * Secrets, by where they stand and by their documented shapes:
 * <ul>
 * <li><b>credential positions</b>: the value after a credential label, written {@code key=value},
 * {@code key = value}, {@code key: value}, {@code "key": "value"} or {@code key="value"}. A label
 * is a key ending (at a word or camel-case boundary, case and {@code _ - .} ignored) in one of
 * {@link #LABELS}: {@code token}, {@code secret}, {@code password}, {@code passwd}, {@code apikey},
 * {@code accesskey}, {@code secretkey}, {@code privatekey}, {@code credential}, {@code authorization},
 * {@code signature} … (so {@code api_key=}, {@code access_token=}, {@code X-Api-Key:},
 * {@code aws_secret_access_key =}, {@code "clientSecret":}); {@code pwd} and {@code sig} only before
 * {@code =}. After {@code =} or in quotes any value counts; after an unquoted {@code :} only one that
 * looks like a credential (below), so "token: expired" stays. Placeholders and masks
 * ({@code null}, {@code none}, {@code ***}, {@code [secret]}, {@code <token>}, {@code ${TOKEN}},
 * {@code %s}) are not secrets.
 * <li><b>authorization schemes</b>: after an {@code Authorization} label the credential after the
 * scheme ({@code Bearer}, {@code Basic}, {@code Token} …, RFC 9110 §11.6.2); for {@code Digest} and
 * other parameter lists everything up to the end of the line or quote. Anywhere, the credential after
 * {@code Bearer } if it looks like a credential.
 * <li><b>documented prefixes</b>: GitHub ({@code ghp_ gho_ ghu_ ghs_ ghr_} + 36, {@code github_pat_}),
 * GitLab ({@code glpat-}), Slack ({@code xoxb- xoxp- xoxa- xoxr- xoxs- xoxe-}, {@code xapp-}), AWS
 * access key ids ({@code AKIA ASIA AGPA AIDA AROA AIPA ANPA ANVA ABIA ACCA} + 16 capitals or digits),
 * Google API keys ({@code AIza} + 35), Stripe secret and restricted keys ({@code sk_live_ sk_test_
 * rk_live_ rk_test_}), npm ({@code npm_} + 36), SendGrid ({@code SG.}22{@code .}43), Hugging Face
 * ({@code hf_}), Shopify ({@code shpat_ shpss_ shpca_ shppa_});
 * <li><b>PEM private keys</b>: from {@code -----BEGIN … PRIVATE KEY-----} to the matching
 * {@code -----END … PRIVATE KEY-----} line, or to the end of the text if it is cut off.
 * </ul>
 * In a field whose own key is such a label ({@code "api_key": "…"}, {@code "Authorization": "Bearer …"})
 * the whole value is the secret, after any scheme word.
 *
 * <p>"Looks like a credential": 8 to 4096 characters without whitespace, and at least two of lower
 * case, upper case and digits, or at least 20 characters.
 *
 * <p>Linear: one pass; a label is compared backwards over at most 40 characters, a prefix forwards
 * over at most its length plus the token's (tried from its first {@code _} or {@code -}, at most
 * five starts up to six characters back), and after a finding the scan continues behind it. A
 * private key block's end is searched once, forwards, and the scan continues behind it.
 */
final class SecretDetector implements Detector {
    static final String ID = "secret";
    /** Credential labels, lower case without separators. */
    static final Set<String> LABELS = Set.of("token", "secret", "password", "passwd", "passphrase", "apikey", "accesskey",
            "secretkey", "privatekey", "credential", "credentials", "authorization", "signature", "apitoken",
            "clientsecret", "sessiontoken", "authtoken", "cookie", "xapikey");
    /** Labels that count only before {@code =}: too common as words otherwise. */
    private static final Set<String> EQUALS_ONLY_LABELS = Set.of("pwd", "sig");
    /** The labels by their last letter, so that a {@code :} after another word costs one array look-up. */
    private static final String[][] COLON_LABELS_BY_LAST = byChar(LABELS.toArray(new String[0]), true);
    private static final String[][] ALL_LABELS_BY_LAST = byChar(java.util.stream.Stream.concat(LABELS.stream(),
            EQUALS_ONLY_LABELS.stream()).toArray(String[]::new), true);
    private static final String[] PREFIXES = {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-",
        "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-", "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA",
        "ANVA", "ABIA", "ACCA", "AIza", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "npm_", "SG.", "hf_", "shpat_",
        "shpss_", "shpca_", "shppa_"};
    /** The shortest token after each prefix, in {@link #PREFIXES}' order. */
    private static final int[] MIN_AFTER = {36, 36, 36, 36, 36, 22, 20, 10, 10, 10, 10, 10, 10, 10, 16, 16, 16, 16, 16,
        16, 16, 16, 16, 16, 35, 16, 16, 16, 16, 36, 60, 30, 32, 32, 32, 32};
    /** HTTP authentication schemes (IANA registry, and common vendor ones). */
    private static final Set<String> SCHEMES = Set.of("bearer", "basic", "token", "digest", "negotiate", "ntlm", "apikey",
            "api-key", "oauth", "hoba", "mutual", "dpop", "sso-key", "aws4-hmac-sha256", "key", "sharedkey", "splunk", "gnap");
    private static final Set<String> NO_SECRET = Set.of("", "null", "none", "nil", "undefined", "true", "false",
            "redacted", "hidden", "masked", "xxx", "xxxx", "n/a", "-", "empty", "missing", "required", "invalid", "expired");
    private static final int[][] PREFIXES_BY_FIRST = prefixesByFirst();
    private static final String BEARER = "bearer";
    /**
     * The characters where the scan stops: {@code = :} (labels), {@code -} (PEM lines), {@code b B}
     * (bearer), {@code _ -} (the first separator of most prefixes, see {@link #SEPARATOR_OFFSETS}), and
     * {@code A S}, which start the prefixes without one ({@code AKIA}, {@code AIza}, {@code SG.}).
     * Not the lower-case first letters {@code g x s r n h}: a quarter of the letters of ordinary text,
     * they made the scan stop at random, and the mispredicted branches cost more than the rest of it.
     */
    private static final boolean[] INTERESTING = new boolean[128];

    static {
        for (char c : "=:-bB_AS".toCharArray()) {
            INTERESTING[c] = true;
        }
    }
    /**
     * Where the first {@code _} or {@code -} stands in the prefixes that have one ({@code sk_live_}: 2,
     * {@code ghp_}: 3, {@code xoxb-}: 4, {@code glpat-}: 5, {@code github_pat_}: 6), distinct: at a
     * {@code _} or {@code -} the scan tries a prefix starting that far back.
     */
    private static final int[] SEPARATOR_OFFSETS = java.util.Arrays.stream(PREFIXES)
            .mapToInt(prefix -> prefix.indexOf('_') >= 0 ? prefix.indexOf('_') : prefix.indexOf('-'))
            .filter(offset -> offset > 0).distinct().sorted().toArray();
    private static final int MAX_LABEL = 40;
    private static final int MAX_VALUE = 4096;
    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PEM_PRIVATE = "PRIVATE KEY-----";
    private static final String PEM_END = "-----END ";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return "[secret]";
    }

    @Override
    public void find(CharSequence text, String key, List<Finding> out) {
        if (key != null && isLabel(key)) {
            int start = 0;
            while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            int end = text.length();
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            int scheme = schemeEnd(text, start, end);
            if (scheme > 0) {
                start = scheme;
            }
            if (end > start && !isPlaceholder(text, start, end) && (scheme > 0 || !hasWhitespace(text, start, end))) {
                out.add(new Finding(ID, start, end));
                return;
            }
        }
        find(text, out);
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        int i = 0;
        int length = text.length();
        int resumed = 0;                                       // where the last jump landed: every character since was seen
        while (i < length) {
            char c = text.charAt(i);
            if (c >= INTERESTING.length || !INTERESTING[c]) {
                i++;
                continue;
            }
            int next = -1;
            if (c == '_' || c == '-') {
                // a prefix that starts a few letters back (nothing else can start between it and here)
                next = prefixedBefore(text, i, resumed, out);
            }
            if (next > i) {
                i = next;
                resumed = next;
                continue;
            }
            if (c == '=' || c == ':') {
                next = labelled(text, i, out);
            } else if (c == '-' && Chars.at(text, i + 1) == '-') {
                next = privateKey(text, i, out);
            } else if ((c == 'b' || c == 'B') && !Chars.isWord(Chars.at(text, i - 1))
                    && Chars.matchesIgnoreCase(text, i, BEARER) && Chars.at(text, i + BEARER.length()) == ' ') {
                int start = i + BEARER.length() + 1;
                int end = tokenEnd(text, start);
                if (end > start && looksLikeCredential(text, start, end)) {
                    out.add(new Finding(ID, start, end));
                }
                next = Math.max(end, i + 1);
            } else if (isTokenChar(c) && !isTokenChar(Chars.at(text, i - 1))) {
                next = prefixed(text, i, out);
            }
            if (next > i) {
                i = next;
                resumed = next;
            } else {
                i++;
            }
        }
    }

    /**
     * A documented prefix whose first separator is the {@code _} or {@code -} at {@code separator}:
     * tried at each start {@link #SEPARATOR_OFFSETS} back that the scan has passed since its last
     * jump ({@code resumed}; it would not have tried a prefix it jumped over) and that starts a token.
     * @return where to go on, or -1
     */
    private static int prefixedBefore(CharSequence text, int separator, int resumed, List<Finding> out) {
        for (int offset : SEPARATOR_OFFSETS) {
            int start = separator - offset;
            if (start < resumed) {
                return -1;
            }
            if (!isTokenChar(Chars.at(text, start - 1))) {
                int end = prefixed(text, start, out);
                if (end > 0) {
                    return end;
                }
            }
        }
        return -1;
    }

    /** At a {@code =} or {@code :} at {@code sep}: the labelled value, if any; @return where to go on, or -1 */
    private static int labelled(CharSequence text, int sep, List<Finding> out) {
        boolean equals = text.charAt(sep) == '=';
        if (!equals && Chars.at(text, sep + 1) == '/' && Chars.at(text, sep + 2) == '/') {
            return -1;                                         // a URL's "://"
        }
        int labelEnd = sep;
        while (labelEnd > 0 && sep - labelEnd < 2 && text.charAt(labelEnd - 1) == ' ') {
            labelEnd--;
        }
        boolean quotedLabel = labelEnd > 0 && (text.charAt(labelEnd - 1) == '"' || text.charAt(labelEnd - 1) == '\'');
        if (quotedLabel) {
            labelEnd--;
        }
        String label = labelBefore(text, labelEnd, equals);
        if (label == null) {
            return -1;
        }
        int start = sep + 1;
        while (start < text.length() && start - sep <= 2 && text.charAt(start) == ' ') {
            start++;
        }
        char first = Chars.at(text, start);
        boolean quoted = first == '"' || first == '\'';
        int end;
        if (quoted) {
            end = start + 1;
            while (end < text.length() && end - start <= MAX_VALUE && text.charAt(end) != first && text.charAt(end) != '\n') {
                end++;
            }
            if (Chars.at(text, end) != first) {
                return -1;
            }
            if (!equals || quotedLabel) {
                start++;                                       // "key": "value": the value without its quotes
                int scheme = "authorization".equals(label) ? schemeEnd(text, start, end) : -1;
                if (scheme > 0) {
                    start = scheme;
                }
            } else {
                end++;                                         // key="value": the whole quoted value, as ever
            }
        } else {
            end = start;
            if ("authorization".equals(label)) {
                int scheme = schemeEnd(text, start, text.length());
                if (scheme > 0) {
                    start = scheme;
                    end = isParameterScheme(text, sep + 1, scheme) ? lineEnd(text, start) : tokenEnd(text, start);
                }
            }
            if (end == start) {
                while (end < text.length() && end - start < MAX_VALUE
                        && !(equals ? endsValue(text.charAt(end)) : endsColonValue(text.charAt(end)))) {
                    end++;
                }
            }
            while (end > start && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == ':') && !equals) {
                end--;                                         // a sentence's full stop
            }
        }
        int valueStart = quoted && (!equals || quotedLabel) ? start : quoted ? start + 1 : start;
        int valueEnd = quoted && equals && !quotedLabel ? end - 1 : end;
        if (valueEnd <= valueStart || isPlaceholder(text, valueStart, valueEnd)) {
            return -1;
        }
        if (!equals && !quoted && !"authorization".equals(label) && !looksLikeCredential(text, start, end)) {
            return -1;
        }
        out.add(new Finding(ID, start, end));
        return end;
    }

    /**
     * @return the label (lower case, no separators) that ends at {@code end}, at a word or camel-case
     *         boundary, or {@code null}
     */
    private static String labelBefore(CharSequence text, int end, boolean equals) {
        if (end == 0 || !Character.isLetter(text.charAt(end - 1))) {
            return null;
        }
        char last = Character.toLowerCase(text.charAt(end - 1));
        if (last >= 128) {
            return null;
        }
        String[] candidates = (equals ? ALL_LABELS_BY_LAST : COLON_LABELS_BY_LAST)[last];
        if (candidates == null) {
            return null;
        }
        String best = null;
        for (String label : candidates) {
            if (endsWithLabel(text, end, label)) {
                if (best == null || label.length() > best.length()) {
                    best = label;
                }
            }
        }
        return best;
    }

    /** Whether {@code label} ends at {@code end}, separators {@code _ - .} and case ignored, at a word or camel-case boundary. */
    private static boolean endsWithLabel(CharSequence text, int end, String label) {
        int i = end;
        for (int k = label.length() - 1; k >= 0; k--) {
            while (i > 0 && end - i < MAX_LABEL && isSeparator(text.charAt(i - 1)) && k < label.length() - 1) {
                i--;
            }
            if (i == 0 || Character.toLowerCase(text.charAt(i - 1)) != label.charAt(k)) {
                return false;
            }
            i--;
        }
        char first = text.charAt(i);
        char before = Chars.at(text, i - 1);
        return !Character.isLetterOrDigit(before) || (Character.isUpperCase(first) && Character.isLowerCase(before));
    }

    private static boolean isSeparator(char c) {
        return c == '_' || c == '-' || c == '.';
    }

    /** @return whether a field key is a credential label ({@code api_key}, {@code Authorization}, {@code clientSecret}) */
    static boolean isLabel(String key) {
        return labelBefore(key, key.length(), false) != null;
    }

    /** @return the end of {@code Scheme } at {@code start} (letters, digits, dashes, one space), or -1 */
    private static int schemeEnd(CharSequence text, int start, int end) {
        int i = start;
        while (i < end && i - start < 24 && (Chars.isAsciiLetter(text.charAt(i)) || Chars.isDigit(text.charAt(i))
                || text.charAt(i) == '-')) {
            i++;
        }
        if (i == start || !Chars.isAsciiLetter(text.charAt(start)) || Chars.at(text, i) != ' ' || i + 1 >= end
                || Character.isWhitespace(text.charAt(i + 1))) {
            return -1;
        }
        return SCHEMES.contains(Chars.lower(text, start, i)) ? i + 1 : -1;
    }

    private static boolean isParameterScheme(CharSequence text, int from, int schemeEnd) {
        for (int k = from; k < schemeEnd; k++) {
            if (Chars.matchesIgnoreCase(text, k, "digest") || Chars.matchesIgnoreCase(text, k, "oauth")
                    || Chars.matchesIgnoreCase(text, k, "aws4-")) {
                return true;
            }
        }
        return false;
    }

    private static int lineEnd(CharSequence text, int start) {
        int end = start;
        while (end < text.length() && end - start < MAX_VALUE && text.charAt(end) != '\n' && text.charAt(end) != '\r'
                && text.charAt(end) != '"') {
            end++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /** @return the end of an RFC 6750 b64token at {@code start} */
    private static int tokenEnd(CharSequence text, int start) {
        int end = start;
        while (end - start < MAX_VALUE && isToken68(Chars.at(text, end))) {
            end++;
        }
        while (end > start && text.charAt(end - 1) == '.') {
            end--;
        }
        return end;
    }

    /** A documented token prefix at {@code start}: @return where to go on, or -1 */
    private static int prefixed(CharSequence text, int start, List<Finding> out) {
        char c = text.charAt(start);
        char d = Chars.at(text, start + 1);
        int[] candidates = c < 128 && d < 128 ? PREFIXES_BY_FIRST[c * 128 + d] : null;
        if (candidates == null) {
            return -1;                                         // no prefix starts with this letter
        }
        for (int p : candidates) {
            String prefix = PREFIXES[p];
            if (!startsWith(text, start, prefix)) {
                continue;
            }
            int end = start + prefix.length();
            boolean awsId = prefix.length() == 4 && Chars.isUpper(prefix.charAt(0)) && prefix.charAt(1) != 'I';
            while (end < text.length() && end - start < 256 && (awsId ? Chars.isUpper(text.charAt(end))
                    || Chars.isDigit(text.charAt(end)) : isTokenChar(text.charAt(end)) || text.charAt(end) == '.')) {
                end++;
            }
            while (end > start && text.charAt(end - 1) == '.') {
                end--;
            }
            int length = end - start - prefix.length();
            boolean rightLength = awsId ? length == 16 : length >= MIN_AFTER[p];
            if (rightLength && !Chars.isWord(Chars.at(text, end))) {
                out.add(new Finding(ID, start, end));
                return end;
            }
            return -1;
        }
        return -1;
    }

    private static String[][] byChar(String[] words, boolean last) {
        String[][] table = new String[128][];
        for (String word : words) {
            char c = word.charAt(last ? word.length() - 1 : 0);
            String[] old = table[c] == null ? new String[0] : table[c];
            String[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = word;
            table[c] = grown;
        }
        return table;
    }

    private static int[][] prefixesByFirst() {
        int[][] table = new int[128 * 128][];
        for (int p = 0; p < PREFIXES.length; p++) {
            int c = PREFIXES[p].charAt(0) * 128 + PREFIXES[p].charAt(1);
            int[] old = table[c] == null ? new int[0] : table[c];
            int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = p;
            table[c] = grown;
        }
        return table;
    }

    /** A PEM private key block at {@code start}: @return where to go on, or -1 */
    private static int privateKey(CharSequence text, int start, List<Finding> out) {
        if (!startsWith(text, start, PEM_BEGIN)) {
            return -1;
        }
        int i = start + PEM_BEGIN.length();
        while (i < text.length() && i - start < 64 && (Chars.isUpper(text.charAt(i)) || text.charAt(i) == ' ')) {
            i++;
        }
        int typeEnd = i - "PRIVATE KEY".length();
        if (typeEnd < start || !startsWith(text, typeEnd, PEM_PRIVATE)) {
            return -1;
        }
        int end = indexOf(text, PEM_END, i);
        if (end < 0) {
            end = text.length();
        } else {
            end += PEM_END.length();
            while (end < text.length() && (Chars.isUpper(text.charAt(end)) || text.charAt(end) == ' ')) {
                end++;
            }
            while (end < text.length() && text.charAt(end) == '-') {
                end++;
            }
        }
        out.add(new Finding(ID, start, end));
        return end;
    }

    private static int indexOf(CharSequence text, String needle, int from) {
        for (int i = from; i + needle.length() <= text.length(); i++) {
            if (text.charAt(i) == needle.charAt(0) && startsWith(text, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(CharSequence text, int start, String prefix) {
        if (start + prefix.length() > text.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (text.charAt(start + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** 8–4096 characters without whitespace; two of lower, upper, digit, or at least 20 characters. */
    static boolean looksLikeCredential(CharSequence text, int start, int end) {
        int length = end - start;
        if (length < 8 || length > MAX_VALUE) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        for (int k = start; k < end; k++) {
            char c = text.charAt(k);
            if (Character.isWhitespace(c)) {
                return false;
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            digit |= Chars.isDigit(c);
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
        return classes >= 2 || (length >= 20 && classes >= 1);
    }

    /** Values that say there is no secret: empty markers, masks, template variables. */
    private static boolean isPlaceholder(CharSequence text, int start, int end) {
        char first = text.charAt(start);
        if ("*[<{$%#".indexOf(first) >= 0 || (first == '"' || first == '\'') && end - start <= 2) {
            return true;
        }
        String value = Chars.lower(text, start, end);
        if (value.startsWith("\"") || value.startsWith("'")) {
            value = value.substring(1, value.length() - (value.endsWith(value.substring(0, 1)) ? 1 : 0));
        }
        return NO_SECRET.contains(value)
                || value.chars().allMatch(ch -> ch == '*' || ch == 'x' || ch == '.');
    }

    private static boolean hasWhitespace(CharSequence text, int start, int end) {
        for (int k = start; k < end; k++) {
            if (Character.isWhitespace(text.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsValue(char c) {
        return Character.isWhitespace(c) || "&;,\"'()[]{}<>".indexOf(c) >= 0;
    }

    /** After an unquoted {@code :} a value may hold {@code &}: it is not a query string. */
    private static boolean endsColonValue(char c) {
        return Character.isWhitespace(c) || ";,\"'()[]{}<>".indexOf(c) >= 0;
    }

    private static boolean isTokenChar(char c) {
        return Chars.isDigit(c) || Chars.isAsciiLetter(c) || c == '_' || c == '-';
    }

    /** RFC 6750 b64token characters. */
    private static boolean isToken68(char c) {
        return Chars.isDigit(c) || Chars.isAsciiLetter(c) || "-._~+/=".indexOf(c) >= 0;
    }
}
