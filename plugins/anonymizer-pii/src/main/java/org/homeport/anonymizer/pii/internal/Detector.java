package org.homeport.anonymizer.pii.internal;

import java.util.List;

/**
 * Finds one kind of personal data in text. Implementations read the text only through
 * {@link CharSequence#charAt} and {@link CharSequence#length} (and {@link Chars#indexOf}, which is
 * {@code String.indexOf} on a string and reads through {@code charAt} otherwise), moving forward: each either makes a
 * single pass over maximal runs of candidate characters, or tries candidates only at word
 * boundaries and reads a bounded number of characters from each. Either way the work is linear
 * in the length of the text, whatever the text is.
 */
interface Detector {

    /** @return the id used in the {@code types} parameter and in {@code <id>.treatment} */
    String id();

    /** @return the typed placeholder that {@code redact} puts in place of a finding */
    String placeholder();

    /** Adds every finding in {@code text} to {@code out}, in increasing order of start. */
    void find(CharSequence text, List<Finding> out);

    /**
     * Like {@link #find(CharSequence, List)} for the value of a field whose key is {@code key}
     * ({@code null} when the text has no key of its own): detectors that use the key as context
     * ({@link ContextWords}) override this.
     */
    default void find(CharSequence text, String key, List<Finding> out) {
        find(text, out);
    }
}
