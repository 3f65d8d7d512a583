package org.homeport.consent.api;

/** How the lines of a consent import are written. */
public enum ImportFormat {
    /**
     * One JSON object per line: {@code subject}, {@code purpose}, {@code state}, and optionally
     * {@code recordedAt}, {@code requestId}, {@code policyVersion}.
     */
    JSON_LINES,
    /**
     * Comma-separated values with a header row naming the columns {@code subject}, {@code purpose},
     * {@code state} and optionally {@code recordedAt}, {@code requestId}, {@code policyVersion};
     * fields may be quoted with {@code "}.
     */
    CSV
}
