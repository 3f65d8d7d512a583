package org.homeport.anonymizers.basic.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Component;

/** Removes the listed fields from every event. */
@Component(property = Anonymizer.NAME_PROPERTY + "=" + DropFieldsAnonymizer.NAME)
public class DropFieldsAnonymizer implements Anonymizer {
    static final String NAME = "drop-fields";

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        Parameters.requireOnlyKnown(NAME, parameters, Set.of(Parameters.FIELDS));
        List<FieldPath> fields = Parameters.fields(NAME, parameters, true);
        return event -> {
            TelemetryEvent result = event;
            for (FieldPath field : fields) {
                result = field.remove(result);
            }
            return result;
        };
    }
}
