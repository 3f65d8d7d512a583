package org.homeport.receiver.mqtt.internal;

import org.homeport.api.receiver.Refusal;

/** A message refused before the intake saw it; carries the {@link Refusal} that is counted and answered. */
final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    RefusedException(String reason, String detail) {
        super(detail, null, false, false);
        this.refusal = Refusal.of(reason, detail);
    }

    Refusal refusal() {
        return refusal;
    }
}
