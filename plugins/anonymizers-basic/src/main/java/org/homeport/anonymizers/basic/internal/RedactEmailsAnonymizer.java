package org.homeport.anonymizers.basic.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Component;

/**
 * Replaces every e-mail address inside string values with {@code [email]}: in the listed fields,
 * or, without {@code fields}, in every string anywhere in the attributes. Objects and arrays are
 * searched recursively; keys are not changed.
 */
@Component(property = Anonymizer.NAME_PROPERTY + "=" + RedactEmailsAnonymizer.NAME)
public class RedactEmailsAnonymizer implements Anonymizer {
    static final String NAME = "redact-emails";

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        Parameters.requireOnlyKnown(NAME, parameters, Set.of(Parameters.FIELDS));
        List<FieldPath> fields = Parameters.fields(NAME, parameters, false);
        if (fields.isEmpty()) {
            return RedactEmailsAnonymizer::redactAllAttributes;
        }
        return event -> {
            TelemetryEvent result = event;
            for (FieldPath field : fields) {
                Object value = field.get(result);
                Object redacted = value == null ? null : redact(value);
                if (redacted != value) {
                    result = field.update(result, old -> redacted);
                }
            }
            return result;
        };
    }

    @SuppressWarnings("unchecked")
    private static TelemetryEvent redactAllAttributes(TelemetryEvent event) {
        Object redacted = redact(event.attributes());
        return redacted == event.attributes() ? event : event.withAttributes((Map<String, Object>) redacted);
    }

    /** @return {@code value} itself if it held no address, otherwise a redacted copy */
    private static Object redact(Object value) {
        if (value instanceof String text) {
            return EmailRedaction.redact(text);
        }
        if (value instanceof Map<?, ?> object) {
            Map<Object, Object> copy = null;
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                Object redacted = redact(entry.getValue());
                if (redacted != entry.getValue()) {
                    if (copy == null) {
                        copy = new LinkedHashMap<>(object);
                    }
                    copy.put(entry.getKey(), redacted);
                }
            }
            return copy == null ? value : copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object redacted = redact(list.get(i));
                if (redacted != list.get(i)) {
                    if (copy == null) {
                        copy = new ArrayList<>(list);
                    }
                    copy.set(i, redacted);
                }
            }
            return copy == null ? value : copy;
        }
        return value;
    }
}
