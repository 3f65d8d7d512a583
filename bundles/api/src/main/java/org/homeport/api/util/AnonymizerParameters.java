package org.homeport.api.util;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;

/**
 * Reading an anonymizer's parameters the way every Homeport anonymizer does, so operators get the
 * same messages everywhere. Unknown names and empty entries are refused rather than ignored: a
 * typo such as {@code field=subject} must not silently turn an anonymizer into a no-op.
 *
 * @since util 1.0 (in {@code org.homeport.api.anonymize} from 1.1)
 */
public final class AnonymizerParameters {

    private AnonymizerParameters() {
    }

    /**
     * @param anonymizer the anonymizer's name, which starts every message
     * @throws InvalidParametersException naming the unknown parameters and the known ones
     */
    public static void requireOnlyKnown(String anonymizer, Map<String, String> parameters, Set<String> known)
            throws InvalidParametersException {
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidParametersException(anonymizer + ": unknown parameter(s) " + unknown
                    + "; this anonymizer takes " + new TreeSet<>(known));
        }
    }

    /**
     * @return the trimmed comma-separated entries of parameter {@code name}, in the given order,
     *         duplicates kept; empty if the parameter is absent
     * @throws InvalidParametersException if it is blank or has an empty entry ({@code a,,b}, a
     *         trailing comma)
     */
    public static List<String> entries(String anonymizer, Map<String, String> parameters, String name)
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
            entries.add(entry.strip());
        }
        return List.copyOf(entries);
    }

    /**
     * @return the field paths listed in parameter {@code name} ({@code subject, source.device,
     *         attributes.ip}), without duplicates, in the given order; empty if it is absent
     * @throws InvalidParametersException if it is blank, has an empty entry or an unknown path
     */
    public static List<FieldPath> fieldPaths(String anonymizer, Map<String, String> parameters, String name)
            throws InvalidParametersException {
        Set<FieldPath> paths = new LinkedHashSet<>();
        for (String entry : entries(anonymizer, parameters, name)) {
            try {
                paths.add(FieldPath.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new InvalidParametersException(anonymizer + ": parameter '" + name + "': " + e.getMessage());
            }
        }
        return List.copyOf(paths);
    }

    /** @return the exception for a parameter that is wrong, e.g. {@code hmac: parameter 'fields' is empty} */
    public static InvalidParametersException invalid(String anonymizer, String name, String problem) {
        return new InvalidParametersException(anonymizer + ": parameter '" + name + "' " + problem);
    }
}
