package org.homeport.anonymizers.basic.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;

/**
 * Reads the parameters every anonymizer here shares. Unknown parameter names are refused rather
 * than ignored: a typo such as {@code field=subject} must not silently turn an anonymizer into a
 * no-op.
 */
final class Parameters {
    static final String FIELDS = "fields";

    private Parameters() {
    }

    static void requireOnlyKnown(String anonymizer, Map<String, String> parameters, Set<String> known)
            throws InvalidParametersException {
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidParametersException(anonymizer + ": unknown parameter(s) " + unknown
                    + "; this anonymizer takes " + new TreeSet<>(known));
        }
    }

    /**
     * @return the field paths listed in {@code fields}, without duplicates, in the given order;
     *         empty if the parameter is absent and not required
     */
    static List<FieldPath> fields(String anonymizer, Map<String, String> parameters, boolean required)
            throws InvalidParametersException {
        String value = parameters.get(FIELDS);
        if (value == null) {
            if (required) {
                throw new InvalidParametersException(anonymizer + ": parameter '" + FIELDS
                        + "' is required (comma-separated field paths, e.g. subject, source.device, attributes.ip)");
            }
            return List.of();
        }
        if (value.isBlank()) {
            throw new InvalidParametersException(anonymizer + ": parameter '" + FIELDS + "' is empty");
        }
        Set<FieldPath> paths = new LinkedHashSet<>();
        for (String entry : value.split(",", -1)) {
            if (entry.isBlank()) {
                throw new InvalidParametersException(anonymizer + ": parameter '" + FIELDS
                        + "' has an empty entry (check for a doubled or trailing comma)");
            }
            try {
                paths.add(FieldPath.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new InvalidParametersException(anonymizer + ": parameter '" + FIELDS + "': " + e.getMessage());
            }
        }
        return List.copyOf(new ArrayList<>(paths));
    }
}
