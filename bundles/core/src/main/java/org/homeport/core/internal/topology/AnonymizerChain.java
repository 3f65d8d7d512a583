package org.homeport.core.internal.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.TelemetryEvent;

/**
 * The configured anonymizers of a purpose or pipeline, in order. A chain that names an anonymizer
 * which is not installed, or configures one wrongly, is unavailable: events that need it are held
 * back, never passed through unanonymized.
 */
public final class AnonymizerChain {
    private static final AnonymizerChain EMPTY = new AnonymizerChain(List.of(), null);

    private final List<AnonymizerStep> steps;
    private final String unavailableReason;

    private AnonymizerChain(List<AnonymizerStep> steps, String unavailableReason) {
        this.steps = steps;
        this.unavailableReason = unavailableReason;
    }

    public static AnonymizerChain build(List<AnonymizerRef> refs, Map<String, Anonymizer> installed) {
        if (refs.isEmpty()) {
            return EMPTY;
        }
        List<AnonymizerStep> steps = new ArrayList<>(refs.size());
        for (AnonymizerRef ref : refs) {
            Anonymizer anonymizer = installed.get(ref.name());
            if (anonymizer == null) {
                return new AnonymizerChain(List.of(), "anonymizer '" + ref.name() + "' is not installed");
            }
            try {
                steps.add(anonymizer.configure(ref.parameters()));
            } catch (InvalidParametersException | RuntimeException e) {
                return new AnonymizerChain(List.of(), "anonymizer '" + ref.name() + "' rejects its parameters: " + e.getMessage());
            }
        }
        return new AnonymizerChain(List.copyOf(steps), null);
    }

    public boolean isAvailable() {
        return unavailableReason == null;
    }

    /** Why the chain cannot run, or {@code null} if it can. */
    public String unavailableReason() {
        return unavailableReason;
    }

    public TelemetryEvent apply(TelemetryEvent event) {
        if (unavailableReason != null) {
            throw new IllegalStateException(unavailableReason);
        }
        TelemetryEvent current = event;
        for (AnonymizerStep step : steps) {
            current = step.apply(current);
        }
        return current;
    }
}
