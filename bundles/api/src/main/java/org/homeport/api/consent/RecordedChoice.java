package org.homeport.api.consent;

import java.util.Objects;

/**
 * A subject's current recorded choice for a purpose, and whether it still counts.
 *
 * <p>A grant is {@code outdated} when it was given under a policy version that a later material
 * change (or the purpose's retirement and revival) superseded: it no longer counts until the
 * subject grants again. A denial or withdrawal is never outdated: an objection always counts.
 *
 * @param state    what the subject chose
 * @param outdated whether a grant was given under a policy version that no longer carries consent
 * @since 1.1
 */
public record RecordedChoice(ConsentState state, boolean outdated) {
    public RecordedChoice {
        Objects.requireNonNull(state, "state");
        if (outdated && state != ConsentState.GRANTED) {
            throw new IllegalArgumentException("only a grant can be outdated; a denial or withdrawal always counts");
        }
    }
}
