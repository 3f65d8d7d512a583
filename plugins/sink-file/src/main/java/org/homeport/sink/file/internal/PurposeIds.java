package org.homeport.sink.file.internal;

/**
 * Purpose ids become directory names, so only a conservative set of names is accepted: no
 * separators, no {@code ..}, nothing hidden, nothing that differs only in case.
 */
final class PurposeIds {
    static final int MAX_LENGTH = 128;

    private PurposeIds() {
    }

    /** {@code [a-z0-9][a-z0-9._-]*}, without {@code ..}, at most 128 characters. */
    static boolean isSafe(String purpose) {
        if (purpose == null || purpose.isEmpty() || purpose.length() > MAX_LENGTH || purpose.contains("..")) {
            return false;
        }
        for (int i = 0; i < purpose.length(); i++) {
            char c = purpose.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }
}
