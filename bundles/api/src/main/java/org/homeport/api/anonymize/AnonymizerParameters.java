package org.homeport.api.anonymize;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.event.FieldPath;

/**
 * Moved to {@link org.homeport.api.util.AnonymizerParameters}. Kept until the next major version of
 * this package.
 *
 * @deprecated since 1.2; use {@link org.homeport.api.util.AnonymizerParameters}
 */
@Deprecated(since = "1.2")
public final class AnonymizerParameters {
    private AnonymizerParameters() {
    }

    /** @deprecated use {@link org.homeport.api.util.AnonymizerParameters#requireOnlyKnown} */
    @Deprecated(since = "1.2")
    public static void requireOnlyKnown(String anonymizer, Map<String, String> parameters, Set<String> known)
            throws InvalidParametersException {
        org.homeport.api.util.AnonymizerParameters.requireOnlyKnown(anonymizer, parameters, known);
    }

    /** @deprecated use {@link org.homeport.api.util.AnonymizerParameters#entries} */
    @Deprecated(since = "1.2")
    public static List<String> entries(String anonymizer, Map<String, String> parameters, String name)
            throws InvalidParametersException {
        return org.homeport.api.util.AnonymizerParameters.entries(anonymizer, parameters, name);
    }

    /** @deprecated use {@link org.homeport.api.util.AnonymizerParameters#fieldPaths} */
    @Deprecated(since = "1.2")
    public static List<FieldPath> fieldPaths(String anonymizer, Map<String, String> parameters, String name)
            throws InvalidParametersException {
        return org.homeport.api.util.AnonymizerParameters.fieldPaths(anonymizer, parameters, name);
    }

    /** @deprecated use {@link org.homeport.api.util.AnonymizerParameters#invalid} */
    @Deprecated(since = "1.2")
    public static InvalidParametersException invalid(String anonymizer, String name, String problem) {
        return org.homeport.api.util.AnonymizerParameters.invalid(anonymizer, name, problem);
    }
}
