package org.homeport.anonymizer.generalize.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.homeport.api.anonymize.InvalidParametersException;

/**
 * The little parameter reading {@code generalize} needs. Unknown names are refused rather than
 * ignored: a typo such as {@code grid.field} must not silently turn the step into a no-op.
 */
final class Parameters {
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
     * @return the trimmed comma-separated entries of {@code name}, in the given order (duplicates
     *         kept: for bounds they are an error); empty if the parameter is absent
     */
    static List<String> entries(String anonymizer, Map<String, String> parameters, String name)
            throws InvalidParametersException {
        String value = parameters.get(name);
        if (value == null) {
            return List.of();
        }
        if (value.isBlank()) {
            throw invalid(anonymizer, name, "is empty");
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            if (entry.isBlank()) {
                throw invalid(anonymizer, name, "has an empty entry (check for a doubled or trailing comma)");
            }
            entries.add(entry.trim());
        }
        return List.copyOf(entries);
    }

    static InvalidParametersException invalid(String anonymizer, String name, String problem) {
        return new InvalidParametersException(anonymizer + ": parameter '" + name + "' " + problem);
    }
}
