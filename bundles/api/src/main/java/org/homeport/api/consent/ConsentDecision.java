package org.homeport.api.consent;

import java.util.Objects;

/**
 * The gate's decision with a stable reason code (counted in metrics, never logged with
 * identifiers), e.g. {@code consent-granted}, {@code no-consent-on-record}, {@code opt-out-default},
 * {@code consent-withdrawn}, {@code consent-outdated} (a grant under a policy version a material
 * change superseded), {@code legal-basis-contract}.
 */
public record ConsentDecision(Verdict verdict, String reason) {
    public ConsentDecision {
        Objects.requireNonNull(verdict, "verdict");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason");
        }
    }
}
