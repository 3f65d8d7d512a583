package org.homeport.anonymizer.generalize.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.util.AnonymizerParameters;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Component;

/**
 * Reduces precision instead of removing data: timestamps are truncated, coordinates snapped to the
 * centre of a grid cell, numbers floored to a multiple or replaced by a bucket label. A value in a
 * listed field that cannot be read as what the field should hold is removed, never passed through.
 */
@Component(property = Anonymizer.NAME_PROPERTY + "=" + GeneralizeAnonymizer.NAME)
public class GeneralizeAnonymizer implements Anonymizer {
    static final String NAME = "generalize";

    static final String TIME_FIELDS = "time.fields";
    static final String TIME_UNIT = "time.unit";
    static final String GRID_FIELDS = "grid.fields";
    static final String GRID_LATITUDE_FIELDS = "grid.latitude.fields";
    static final String GRID_LONGITUDE_FIELDS = "grid.longitude.fields";
    static final String GRID_DEGREES = "grid.degrees";
    static final String NUMBER_FIELDS = "number.fields";
    static final String NUMBER_WIDTH = "number.width";
    static final String NUMBER_BOUNDS = "number.bounds";

    /** The special {@code time.fields} entries for the event's own timestamps. */
    static final String OCCURRED_AT = "time";
    static final String RECEIVED_AT = "received";

    private static final Set<String> KNOWN = Set.of(TIME_FIELDS, TIME_UNIT, GRID_FIELDS, GRID_LATITUDE_FIELDS,
            GRID_LONGITUDE_FIELDS, GRID_DEGREES, NUMBER_FIELDS, NUMBER_WIDTH, NUMBER_BOUNDS);
    private static final BigDecimal DEFAULT_GRID_DEGREES = new BigDecimal("0.1");

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        AnonymizerParameters.requireOnlyKnown(NAME, parameters, KNOWN);
        List<String> timeEntries = AnonymizerParameters.entries(NAME, parameters, TIME_FIELDS);
        List<String> gridEntries = AnonymizerParameters.entries(NAME, parameters, GRID_FIELDS);
        List<String> latitudeEntries = AnonymizerParameters.entries(NAME, parameters, GRID_LATITUDE_FIELDS);
        List<String> longitudeEntries = AnonymizerParameters.entries(NAME, parameters, GRID_LONGITUDE_FIELDS);
        List<String> numberEntries = AnonymizerParameters.entries(NAME, parameters, NUMBER_FIELDS);
        boolean grid = !gridEntries.isEmpty() || !latitudeEntries.isEmpty() || !longitudeEntries.isEmpty();
        if (timeEntries.isEmpty() && !grid && numberEntries.isEmpty()) {
            throw new InvalidParametersException(NAME + ": at least one of '" + TIME_FIELDS + "', '" + GRID_FIELDS
                    + "', '" + GRID_LATITUDE_FIELDS + "', '" + GRID_LONGITUDE_FIELDS + "' or '" + NUMBER_FIELDS
                    + "' is required");
        }
        requireGroupFields(parameters, TIME_UNIT, !timeEntries.isEmpty(), TIME_FIELDS);
        requireGroupFields(parameters, GRID_DEGREES, grid, GRID_FIELDS);
        requireGroupFields(parameters, NUMBER_WIDTH, !numberEntries.isEmpty(), NUMBER_FIELDS);
        requireGroupFields(parameters, NUMBER_BOUNDS, !numberEntries.isEmpty(), NUMBER_FIELDS);

        Fields fields = new Fields();
        TimeGeneralizer time = null;
        boolean occurredAt = false;
        boolean receivedAt = false;
        if (!timeEntries.isEmpty()) {
            time = new TimeGeneralizer(timeUnit(parameters));
            for (String entry : timeEntries) {
                if (entry.equals(OCCURRED_AT)) {
                    occurredAt = true;
                } else if (entry.equals(RECEIVED_AT)) {
                    receivedAt = true;
                } else {
                    fields.add(TIME_FIELDS, entry, time);
                }
            }
        }
        if (grid) {
            BigDecimal degrees = gridDegrees(parameters);
            fields.addAll(GRID_FIELDS, gridEntries, new GridGeneralizer(degrees, GridGeneralizer.Form.LOCATION));
            fields.addAll(GRID_LATITUDE_FIELDS, latitudeEntries, new GridGeneralizer(degrees, GridGeneralizer.Form.LATITUDE));
            fields.addAll(GRID_LONGITUDE_FIELDS, longitudeEntries, new GridGeneralizer(degrees, GridGeneralizer.Form.LONGITUDE));
        }
        if (!numberEntries.isEmpty()) {
            fields.addAll(NUMBER_FIELDS, numberEntries, numberGeneralizer(parameters));
        }
        return new Step(time, occurredAt, receivedAt, List.copyOf(fields.paths), List.copyOf(fields.generalizers));
    }

    private static void requireGroupFields(Map<String, String> parameters, String parameter, boolean hasFields,
            String fieldsParameter) throws InvalidParametersException {
        if (parameters.containsKey(parameter) && !hasFields) {
            throw AnonymizerParameters.invalid(NAME, parameter, "is given without '" + fieldsParameter
                    + "'" + (parameter.equals(GRID_DEGREES) ? " (or the latitude/longitude lists)" : "")
                    + "; it would change nothing");
        }
    }

    private static TimeGeneralizer.Unit timeUnit(Map<String, String> parameters) throws InvalidParametersException {
        String text = parameters.getOrDefault(TIME_UNIT, "hour");
        TimeGeneralizer.Unit unit = TimeGeneralizer.Unit.parse(text);
        if (unit == null) {
            throw AnonymizerParameters.invalid(NAME, TIME_UNIT, "must be one of minute, hour, day, month");
        }
        return unit;
    }

    private static BigDecimal gridDegrees(Map<String, String> parameters) throws InvalidParametersException {
        String text = parameters.get(GRID_DEGREES);
        if (text == null) {
            return DEFAULT_GRID_DEGREES;
        }
        BigDecimal degrees = Numbers.parse(text);
        if (degrees == null || degrees.compareTo(GridGeneralizer.MIN_DEGREES) < 0
                || degrees.compareTo(GridGeneralizer.MAX_DEGREES) > 0) {
            throw AnonymizerParameters.invalid(NAME, GRID_DEGREES, "must be a number from 0.0001 to 10 (degrees)");
        }
        return degrees;
    }

    private static NumberGeneralizer numberGeneralizer(Map<String, String> parameters) throws InvalidParametersException {
        boolean width = parameters.containsKey(NUMBER_WIDTH);
        boolean bounds = parameters.containsKey(NUMBER_BOUNDS);
        if (width == bounds) {
            throw new InvalidParametersException(NAME + ": '" + NUMBER_FIELDS + "' needs exactly one of '"
                    + NUMBER_WIDTH + "' or '" + NUMBER_BOUNDS + "'" + (width ? ", not both" : ""));
        }
        if (width) {
            BigDecimal value = Numbers.parse(parameters.get(NUMBER_WIDTH));
            if (value == null || value.signum() <= 0) {
                throw AnonymizerParameters.invalid(NAME, NUMBER_WIDTH, "must be a positive number");
            }
            return NumberGeneralizer.width(value);
        }
        List<BigDecimal> values = new ArrayList<>();
        for (String entry : AnonymizerParameters.entries(NAME, parameters, NUMBER_BOUNDS)) {
            BigDecimal value = Numbers.parse(entry);
            if (value == null) {
                throw AnonymizerParameters.invalid(NAME, NUMBER_BOUNDS, "has an entry that is not a number");
            }
            if (!values.isEmpty() && value.compareTo(values.get(values.size() - 1)) <= 0) {
                throw AnonymizerParameters.invalid(NAME, NUMBER_BOUNDS, "must be strictly ascending");
            }
            values.add(value);
        }
        return NumberGeneralizer.bounds(values);
    }

    /** Field paths and what generalizes each, refusing a path listed twice. */
    private static final class Fields {
        final List<FieldPath> paths = new ArrayList<>();
        final List<ValueGeneralizer> generalizers = new ArrayList<>();
        final Map<FieldPath, String> listedIn = new HashMap<>();

        void addAll(String parameter, List<String> entries, ValueGeneralizer generalizer)
                throws InvalidParametersException {
            for (String entry : entries) {
                add(parameter, entry, generalizer);
            }
        }

        void add(String parameter, String entry, ValueGeneralizer generalizer) throws InvalidParametersException {
            FieldPath path;
            try {
                path = FieldPath.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new InvalidParametersException(NAME + ": parameter '" + parameter + "': " + e.getMessage()
                        + (parameter.equals(TIME_FIELDS) ? " (or time, received)" : ""));
            }
            String other = listedIn.putIfAbsent(path, parameter);
            if (parameter.equals(other)) {
                return; // listed twice in the same list: once is enough
            }
            if (other != null) {
                throw AnonymizerParameters.invalid(NAME, parameter, "lists '" + path + "', which '" + other
                        + "' lists already; a field can be generalized one way only");
            }
            paths.add(path);
            generalizers.add(generalizer);
        }
    }

    /** Immutable, hence thread-safe; never logs, never blocks. */
    private record Step(TimeGeneralizer time, boolean occurredAt, boolean receivedAt, List<FieldPath> paths,
            List<ValueGeneralizer> generalizers) implements AnonymizerStep {

        @Override
        public TelemetryEvent apply(TelemetryEvent event) {
            TelemetryEvent result = event;
            if (occurredAt || receivedAt) {
                Instant occurred = occurredAt ? truncate(event.occurredAt()) : event.occurredAt();
                Instant received = receivedAt ? truncate(event.receivedAt()) : event.receivedAt();
                if (!occurred.equals(event.occurredAt()) || !received.equals(event.receivedAt())) {
                    result = new TelemetryEvent(event.id(), event.tenant(), event.source(), event.subject(),
                            event.purpose(), event.type(), occurred, received, event.attributes());
                }
            }
            for (int i = 0; i < paths.size(); i++) {
                FieldPath path = paths.get(i);
                Object value = path.get(result);
                if (value == null) {
                    continue; // missing stays missing, JSON null stays null
                }
                Object generalized = generalizers.get(i).generalize(value);
                if (generalized == ValueGeneralizer.REMOVE) {
                    result = path.remove(result);
                } else if (generalized != value) {
                    result = path.update(result, old -> generalized);
                }
            }
            return result;
        }

        private Instant truncate(Instant instant) {
            try {
                return time.truncate(instant);
            } catch (DateTimeException beforeTheFirstMonth) {
                return Instant.MIN; // only reachable within a month of Instant.MIN; still no more precise
            }
        }
    }
}
