package org.homeport.api.anonymize;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin that removes or reduces personal data. Register it as an OSGi service with the
 * property {@value #NAME_PROPERTY}; policies and pipelines refer to it by that name.
 *
 * <p>The core calls {@link #configure} once per policy or pipeline that uses it (and again when
 * that configuration changes) and then applies the returned step to each event, so parsing
 * parameters stays off the hot path.
 */
@ConsumerType
public interface Anonymizer {

    /** The service property holding the name policies and pipelines use. */
    String NAME_PROPERTY = "homeport.anonymizer.name";

    /**
     * @param parameters the parameters of one use, e.g. {@code fields=subject}
     * @return the step to apply to each event
     * @throws InvalidParametersException if the parameters are missing or wrong; the message is
     *         shown to operators
     */
    AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException;
}
