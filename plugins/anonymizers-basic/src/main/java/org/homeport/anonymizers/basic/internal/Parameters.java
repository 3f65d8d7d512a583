package org.homeport.anonymizers.basic.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.util.AnonymizerParameters;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;

/** The {@code fields} parameter every anonymizer here takes, read as every Homeport anonymizer reads parameters. */
final class Parameters {
    static final String FIELDS = "fields";

    private Parameters() {
    }

    static void requireOnlyKnown(String anonymizer, Map<String, String> parameters, Set<String> known)
            throws InvalidParametersException {
        AnonymizerParameters.requireOnlyKnown(anonymizer, parameters, known);
    }

    /**
     * @return the field paths listed in {@code fields}, without duplicates, in the given order;
     *         empty if the parameter is absent and not required
     */
    static List<FieldPath> fields(String anonymizer, Map<String, String> parameters, boolean required)
            throws InvalidParametersException {
        if (required && !parameters.containsKey(FIELDS)) {
            throw AnonymizerParameters.invalid(anonymizer, FIELDS,
                    "is required (comma-separated field paths, e.g. subject, source.device, attributes.ip)");
        }
        return AnonymizerParameters.fieldPaths(anonymizer, parameters, FIELDS);
    }
}
