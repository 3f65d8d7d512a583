package org.homeport.anonymizer.pii.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.util.AnonymizerParameters;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.anonymize.Pseudonymizer;
import org.homeport.api.event.FieldPath;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Finds personal data inside string values (e-mail addresses, phone numbers, IP and MAC addresses,
 * card numbers, IBANs, tokens and secrets, credentials in URLs, coordinates, user names in home-directory
 * paths) and treats each finding: redact, mask, drop, hmac or generalize. Scans every string in the attributes, recursively, or only
 * the listed {@code fields}; fields listed in {@code name.fields} and {@code user-id.fields} are
 * treated as a whole.
 *
 * <p>Parameters: {@code types}, {@code fields}, {@code name.fields}, {@code user-id.fields},
 * {@code <type>.treatment}, {@code mask.keep}, {@code coordinates.grid}; see
 * {@code docs/anonymizers/pii-redact.md}.
 */
@Component(property = Anonymizer.NAME_PROPERTY + "=" + PiiRedactAnonymizer.NAME)
public class PiiRedactAnonymizer implements Anonymizer {
    static final String NAME = "pii-redact";
    /** Objects and arrays nested deeper than this are replaced by {@link #TOO_DEEP}. */
    static final int MAX_DEPTH = 32;
    static final String TOO_DEEP = "[too-deep]";

    private static final String TYPES = "types";
    private static final String FIELDS = "fields";
    private static final String NAME_FIELDS = PiiRedactor.NAME + ".fields";
    private static final String USER_ID_FIELDS = PiiRedactor.USER_ID + ".fields";
    private static final String MASK_KEEP = "mask.keep";
    private static final String GRID = CoordinatesDetector.ID + ".grid";
    private static final String TREATMENT_SUFFIX = ".treatment";
    private static final int MAX_MASK_KEEP = 8;
    private static final Set<String> GENERALIZABLE = Set.of(CoordinatesDetector.ID, Ipv4Detector.ID, Ipv6Detector.ID);

    private final Pseudonymizer pseudonymizer;

    /** Without a {@link Pseudonymizer}: every treatment but {@code hmac}. */
    PiiRedactAnonymizer() {
        this(null);
    }

    /**
     * @param pseudonymizer the shared keyed pseudonyms for {@code hmac}, or {@code null} if the
     *                      {@code homeport-anonymizers-basic} feature, which provides them, is not
     *                      installed; a better one arriving later restarts this component (greedy)
     */
    @Activate
    public PiiRedactAnonymizer(@Reference(cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.STATIC, policyOption = ReferencePolicyOption.GREEDY) Pseudonymizer pseudonymizer) {
        this.pseudonymizer = pseudonymizer;
    }

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        List<Detector> detectors = detectors(parameters.get(TYPES));
        Set<String> known = new TreeSet<>(Set.of(TYPES, FIELDS, NAME_FIELDS, USER_ID_FIELDS, MASK_KEEP, GRID));
        PiiRedactor.ALL.forEach(detector -> known.add(detector.id() + TREATMENT_SUFFIX));
        PiiRedactor.FIELD_TYPE_PLACEHOLDERS.keySet().forEach(type -> known.add(type + TREATMENT_SUFFIX));
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new InvalidParametersException(NAME + ": unknown parameter(s) " + unknown + "; this anonymizer takes "
                    + TYPES + ", " + FIELDS + ", " + NAME_FIELDS + ", " + USER_ID_FIELDS + ", <type>" + TREATMENT_SUFFIX
                    + ", " + MASK_KEEP + " and " + GRID);
        }
        Map<FieldPath, String> wholeFields = new LinkedHashMap<>();
        for (String type : List.of(PiiRedactor.NAME, PiiRedactor.USER_ID)) {
            String parameter = type + ".fields";
            for (FieldPath path : AnonymizerParameters.fieldPaths(NAME, parameters, parameter)) {
                String other = wholeFields.putIfAbsent(path, type);
                if (other != null) {
                    throw new InvalidParametersException(NAME + ": field '" + path + "' is listed in both "
                            + NAME_FIELDS + " and " + USER_ID_FIELDS);
                }
            }
        }
        Map<String, Treatment> treatments = treatments(parameters, detectors, new LinkedHashSet<>(wholeFields.values()));
        if (treatments.containsValue(Treatment.HMAC) && pseudonymizer == null) {
            String parameter = treatments.entrySet().stream().filter(entry -> entry.getValue() == Treatment.HMAC)
                    .map(entry -> entry.getKey() + TREATMENT_SUFFIX).findFirst().orElseThrow();
            throw new InvalidParametersException(NAME + ": parameter '" + parameter + "' asks for 'hmac', but no "
                    + "Pseudonymizer service is available; install the homeport-anonymizers-basic feature, which "
                    + "provides it");
        }
        int maskKeep = maskKeep(parameters.get(MASK_KEEP), treatments.containsValue(Treatment.MASK));
        BigDecimal grid = grid(parameters.get(GRID), treatments.get(CoordinatesDetector.ID) == Treatment.GENERALIZE);
        PiiRedactor redactor = new PiiRedactor(detectors, treatments, maskKeep, grid);
        List<FieldPath> fields = AnonymizerParameters.fieldPaths(NAME, parameters, FIELDS);
        return new PiiRedactStep(redactor, fields, wholeFields, treatments.containsValue(Treatment.HMAC)
                ? pseudonymizer : null);
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
                        + "'; known types are " + allIds() + " (in text, names are found only after keys such as "
                        + "user= or name: (type person); list whole fields of names and user ids in " + NAME_FIELDS
                        + " and " + USER_ID_FIELDS + ")");
            }
            wanted.add(id);
        }
        return PiiRedactor.ALL.stream().filter(detector -> wanted.contains(detector.id())).toList();
    }

    private static Map<String, Treatment> treatments(Map<String, String> parameters, List<Detector> detectors,
            Set<String> fieldTypes) throws InvalidParametersException {
        Map<String, Treatment> treatments = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(parameters).entrySet()) {
            if (!entry.getKey().endsWith(TREATMENT_SUFFIX)) {
                continue;
            }
            String id = entry.getKey().substring(0, entry.getKey().length() - TREATMENT_SUFFIX.length());
            if (PiiRedactor.FIELD_TYPE_PLACEHOLDERS.containsKey(id)) {
                if (!fieldTypes.contains(id)) {
                    throw new InvalidParametersException(NAME + ": parameter '" + entry.getKey()
                            + "' sets a treatment for '" + id + "', but '" + id + ".fields' lists no field");
                }
            } else if (detectors.stream().noneMatch(detector -> detector.id().equals(id))) {
                throw new InvalidParametersException(NAME + ": parameter '" + entry.getKey()
                        + "' sets a treatment for a type that '" + TYPES + "' does not enable");
            }
            List<String> allowed = allowedTreatments(id);
            Treatment treatment = Treatment.parse(entry.getValue());
            if (treatment == Treatment.GENERALIZE && !GENERALIZABLE.contains(id)) {
                throw new InvalidParametersException(NAME + ": parameter '" + entry.getKey() + "': 'generalize' "
                        + "applies only to coordinates, ipv4 and ipv6; for " + id + " use one of "
                        + String.join(", ", allowed));
            }
            if (treatment == null) {
                throw new InvalidParametersException(NAME + ": parameter '" + entry.getKey() + "' must be one of "
                        + String.join(", ", allowed));
            }
            treatments.put(id, treatment);
        }
        return treatments;
    }

    private static List<String> allowedTreatments(String type) {
        List<String> allowed = new ArrayList<>();
        for (Treatment treatment : Treatment.values()) {
            if (treatment != Treatment.GENERALIZE || GENERALIZABLE.contains(type)) {
                allowed.add(treatment.parameterValue());
            }
        }
        return allowed;
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

    private static BigDecimal grid(String value, boolean generalized) throws InvalidParametersException {
        if (value == null) {
            return Generalization.DEFAULT_GRID;
        }
        if (!generalized) {
            throw new InvalidParametersException(NAME + ": parameter '" + GRID
                    + "' is set but coordinates.treatment is not 'generalize'");
        }
        try {
            BigDecimal grid = new BigDecimal(value.strip());
            if (grid.compareTo(Generalization.MIN_GRID) >= 0 && grid.compareTo(Generalization.MAX_GRID) <= 0) {
                return grid;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        throw new InvalidParametersException(NAME + ": parameter '" + GRID + "' must be a number of degrees from "
                + Generalization.MIN_GRID.toPlainString() + " to " + Generalization.MAX_GRID.toPlainString());
    }

    private static String allIds() {
        return PiiRedactor.ALL.stream().map(Detector::id).toList().toString();
    }
}
