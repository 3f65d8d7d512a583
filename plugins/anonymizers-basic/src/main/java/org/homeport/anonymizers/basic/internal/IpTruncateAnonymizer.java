package org.homeport.anonymizers.basic.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.util.IpPrefixes;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Component;

/**
 * Truncates IP addresses: IPv4 to /24, IPv6 to /48 (IPv4-mapped IPv6 as IPv4). A value that is
 * not an IP address literal is removed, because a field configured for truncation may hold
 * something just as identifying in another form.
 */
@Component(property = Anonymizer.NAME_PROPERTY + "=" + IpTruncateAnonymizer.NAME)
public class IpTruncateAnonymizer implements Anonymizer {
    static final String NAME = "ip-truncate";

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        Parameters.requireOnlyKnown(NAME, parameters, Set.of(Parameters.FIELDS));
        List<FieldPath> fields = Parameters.fields(NAME, parameters, true);
        return event -> {
            TelemetryEvent result = event;
            for (FieldPath field : fields) {
                Object value = field.get(result);
                if (value == null) {
                    continue;
                }
                Object truncated = truncate(value);
                if (truncated == null) {
                    result = field.remove(result);
                } else if (!truncated.equals(value)) {
                    result = field.update(result, old -> truncated);
                }
            }
            return result;
        };
    }

    /** @return the truncated value, a list without its non-addresses, or {@code null} to remove it */
    private static Object truncate(Object value) {
        if (value instanceof String text) {
            return IpPrefixes.truncate(text);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                if (element instanceof String text) {
                    String truncated = IpPrefixes.truncate(text);
                    if (truncated != null) {
                        out.add(truncated);
                    }
                }
            }
            return out;
        }
        return null;
    }
}
