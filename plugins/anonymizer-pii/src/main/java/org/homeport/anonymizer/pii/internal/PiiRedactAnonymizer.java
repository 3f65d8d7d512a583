package org.homeport.anonymizer.pii.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.JsonData;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Component;

/**
 * Finds personal data inside string values (e-mail addresses, phone numbers, IP and MAC addresses,
 * card numbers, IBANs, tokens and secrets, credentials in URLs) and redacts or masks each finding.
 * Scans every string in the attributes, recursively, or only the listed {@code fields}.
 *
 * <p>Parameters: {@code types}, {@code <type>.treatment} ({@code redact} or {@code mask}),
 * {@code mask.keep}, {@code fields}; see the README.
 */
@Component(property = Anonymizer.NAME_PROPERTY + "=" + PiiRedactAnonymizer.NAME)
public class PiiRedactAnonymizer implements Anonymizer {
    static final String NAME = "pii-redact";
    /** Objects and arrays nested deeper than this are replaced by {@link #TOO_DEEP}. */
    static final int MAX_DEPTH = 32;
    static final String TOO_DEEP = "[too-deep]";

    private static final String TYPES = "types";
    private static final String FIELDS = "fields";
    private static final String MASK_KEEP = "mask.keep";
    private static final String TREATMENT_SUFFIX = ".treatment";
    private static final int MAX_MASK_KEEP = 8;

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        List<Detector> detectors = detectors(parameters.get(TYPES));
        Set<String> known = new TreeSet<>(Set.of(TYPES, FIELDS, MASK_KEEP));
        PiiRedactor.ALL.forEach(detector -> known.add(detector.id() + TREATMENT_SUFFIX));
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidParametersException(NAME + ": unknown parameter(s) " + unknown + "; this anonymizer takes "
                    + TYPES + ", " + FIELDS + ", " + MASK_KEEP + " and <type>" + TREATMENT_SUFFIX);
        }
        Map<String, Treatment> treatments = treatments(parameters, detectors);
        int maskKeep = maskKeep(parameters.get(MASK_KEEP), treatments.containsValue(Treatment.MASK));
        PiiRedactor redactor = new PiiRedactor(detectors, treatments, maskKeep);
        List<FieldPath> fields = fields(parameters.get(FIELDS));
        if (fields.isEmpty()) {
            return event -> redactAllAttributes(redactor, event);
        }
        return event -> {
            TelemetryEvent result = event;
            for (FieldPath field : fields) {
                Object value = field.get(result);
                Object redacted = value == null ? null : redact(redactor, value);
                if (redacted != value) {
                    result = field.update(result, old -> redacted);
                }
            }
            return result;
        };
    }

    private static List<Detector> detectors(String types) throws InvalidParametersException {
        if (types == null) {
            return PiiRedactor.ALL;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String entry : types.split(",", -1)) {
            String id = entry.strip();
            if (id.isEmpty()) {
                throw new InvalidParametersException(NAME + ": parameter '" + TYPES
                        + "' has an empty entry (check for a doubled or trailing comma)");
            }
            if (PiiRedactor.ALL.stream().noneMatch(detector -> detector.id().equals(id))) {
                throw new InvalidParametersException(NAME + ": parameter '" + TYPES + "': unknown type '" + id
                        + "'; known types are " + allIds());
            }
            wanted.add(id);
        }
        return PiiRedactor.ALL.stream().filter(detector -> wanted.contains(detector.id())).toList();
    }

    private static Map<String, Treatment> treatments(Map<String, String> parameters, List<Detector> detectors)
            throws InvalidParametersException {
        Map<String, Treatment> treatments = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            if (!entry.getKey().endsWith(TREATMENT_SUFFIX)) {
                continue;
            }
            String id = entry.getKey().substring(0, entry.getKey().length() - TREATMENT_SUFFIX.length());
            if (detectors.stream().noneMatch(detector -> detector.id().equals(id))) {
                throw new InvalidParametersException(NAME + ": parameter '" + entry.getKey()
                        + "' sets a treatment for a type that '" + TYPES + "' does not enable");
            }
            String value = entry.getValue().strip().toLowerCase(Locale.ROOT);
            Treatment treatment = null;
            for (Treatment candidate : Treatment.values()) {
                if (candidate.parameterValue().equals(value)) {
                    treatment = candidate;
                }
            }
            if (treatment == null) {
                throw new InvalidParametersException(NAME + ": parameter '" + entry.getKey()
                        + "' must be 'redact' or 'mask'");
            }
            treatments.put(id, treatment);
        }
        return treatments;
    }

    private static int maskKeep(String value, boolean anyMasked) throws InvalidParametersException {
        if (value == null) {
            return 4;
        }
        if (!anyMasked) {
            throw new InvalidParametersException(NAME + ": parameter '" + MASK_KEEP
                    + "' is set but no type has treatment 'mask'");
        }
        try {
            int keep = Integer.parseInt(value.strip());
            if (keep >= 0 && keep <= MAX_MASK_KEEP) {
                return keep;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        throw new InvalidParametersException(NAME + ": parameter '" + MASK_KEEP
                + "' must be a whole number from 0 to " + MAX_MASK_KEEP);
    }

    private static List<FieldPath> fields(String value) throws InvalidParametersException {
        if (value == null) {
            return List.of();
        }
        if (value.isBlank()) {
            throw new InvalidParametersException(NAME + ": parameter '" + FIELDS + "' is empty");
        }
        Set<FieldPath> paths = new LinkedHashSet<>();
        for (String entry : value.split(",", -1)) {
            if (entry.isBlank()) {
                throw new InvalidParametersException(NAME + ": parameter '" + FIELDS
                        + "' has an empty entry (check for a doubled or trailing comma)");
            }
            try {
                paths.add(FieldPath.parse(entry));
            } catch (IllegalArgumentException e) {
                throw new InvalidParametersException(NAME + ": parameter '" + FIELDS + "': " + e.getMessage());
            }
        }
        return List.copyOf(paths);
    }

    private static String allIds() {
        return PiiRedactor.ALL.stream().map(Detector::id).toList().toString();
    }

    @SuppressWarnings("unchecked")
    private static TelemetryEvent redactAllAttributes(PiiRedactor redactor, TelemetryEvent event) {
        Object redacted = redact(redactor, event.attributes());
        return redacted == event.attributes() ? event : event.withAttributes((Map<String, Object>) redacted);
    }

    /** @return {@code value} itself if nothing changed, otherwise a changed copy */
    private static Object redact(PiiRedactor redactor, Object value) {
        // Fail closed: what is nested too deep to scan is not kept.
        return JsonData.mapStrings(value, redactor::redact, MAX_DEPTH, TOO_DEEP);
    }
}
