package org.homeport.anonymizers.basic.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.anonymize.Pseudonymizer;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Replaces the values of the listed fields with keyed pseudonyms from the {@link Pseudonymizer}
 * ({@code ps_<keyId>_<hex>}): the same value maps to the same pseudonym while a key is current,
 * and nobody can reverse or re-compute one without that key.
 */
@Component(property = Anonymizer.NAME_PROPERTY + "=" + HmacAnonymizer.NAME)
public class HmacAnonymizer implements Anonymizer {
    static final String NAME = "hmac";

    private final Pseudonymizer pseudonymizer;

    @Activate
    public HmacAnonymizer(@Reference Pseudonymizer pseudonymizer) {
        this.pseudonymizer = pseudonymizer;
    }

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        Parameters.requireOnlyKnown(NAME, parameters, Set.of(Parameters.FIELDS));
        List<FieldPath> fields = Parameters.fields(NAME, parameters, true);
        return new AnonymizerStep() {
            @Override
            public TelemetryEvent apply(TelemetryEvent event) {
                return pseudonymizeFields(fields, event, pseudonymizer::pseudonymize);
            }

            @Override
            public List<TelemetryEvent> storedForms(TelemetryEvent event) {
                List<TelemetryEvent> forms = new ArrayList<>();
                for (String keyId : pseudonymizer.liveKeyIds()) {
                    try {
                        forms.add(pseudonymizeFields(fields, event, value -> pseudonymizer.pseudonymize(value, keyId)));
                    } catch (IllegalArgumentException retiredMeanwhile) {
                        // That key retired since the list was taken: nothing made with it can be found any more.
                    }
                }
                return forms;
            }
        };
    }

    private static TelemetryEvent pseudonymizeFields(List<FieldPath> fields, TelemetryEvent event,
            UnaryOperator<String> pseudonym) {
        TelemetryEvent result = event;
        for (FieldPath field : fields) {
            Object value = field.get(result);
            if (value == null) {
                continue;
            }
            Object pseudonymized = pseudonymize(pseudonym, value);
            result = pseudonymized == null ? field.remove(result) : field.update(result, old -> pseudonymized);
        }
        return result;
    }

    /**
     * @return the pseudonym, a list of pseudonyms for a list, or {@code null} for values that
     *         are neither text nor numbers (fail closed: the caller removes them)
     */
    private static Object pseudonymize(UnaryOperator<String> pseudonym, Object value) {
        if (value instanceof String || value instanceof Number) {
            return pseudonym.apply(value.toString());
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                Object p = element == null ? null : pseudonymize(pseudonym, element);
                if (p != null || element == null) {
                    out.add(p);
                }
            }
            return out;
        }
        return null;
    }
}
