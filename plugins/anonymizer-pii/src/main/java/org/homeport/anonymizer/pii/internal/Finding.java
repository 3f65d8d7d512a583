package org.homeport.anonymizer.pii.internal;

/** One piece of personal data found in a text: its detector id and the span {@code [start, end)}. */
record Finding(String type, int start, int end) {
    Finding {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
        }
    }
}
