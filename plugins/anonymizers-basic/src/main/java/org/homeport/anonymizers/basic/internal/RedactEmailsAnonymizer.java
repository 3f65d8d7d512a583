package org.homeport.anonymizers.basic.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.JsonData;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.util.text.EmailAddresses;
import org.osgi.service.component.annotations.Component;

/**
 * Replaces every e-mail address inside string values with {@code [email]}: in the listed fields,
 * or, without {@code fields}, in every string anywhere in the attributes. Objects and arrays are
 * searched recursively; keys are not changed. What counts as an address is
 * {@link EmailAddresses}, the scanner {@code pii-redact} uses too.
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
        // The receiver bounds nesting already; this walk adds no limit of its own.
        return JsonData.mapStrings(value, EmailAddresses::redact, Integer.MAX_VALUE, null);
    }
}
