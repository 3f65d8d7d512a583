package org.homeport.api.receiver;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a receiver refused a unit of input before the intake saw it (it did not parse, was too
 * large, came from an unknown sender, mapped to no declared type). The reason is a stable,
 * lower-case slug that becomes the {@code reason} label of {@link ReceiverMeters#REFUSED} and, on
 * HTTP-like protocols, the last segment of the problem type; the detail is for a human and never
 * contains input content.
 *
 * @param reason a slug such as {@code malformed}, {@code too-large}, {@code unknown-sender},
 *               {@code unmapped}: {@code [a-z0-9-]}, 1 to 40 characters
 * @param detail a human explanation without any of the input, or {@code null}
 */
public record Refusal(String reason, String detail) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,40}");

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        if (!SLUG.matcher(reason).matches()) {
            throw new IllegalArgumentException("a refusal reason is a slug of [a-z0-9-], 1 to 40 characters");
        }
    }

    public static Refusal of(String reason, String detail) {
        return new Refusal(reason, detail);
    }
}
