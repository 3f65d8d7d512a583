package org.homeport.consent.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.homeport.api.consent.LegalBasis;

/**
 * A record of processing activities (GDPR Art. 30(1)), generated from the purpose policies.
 *
 * @param generatedAt       when it was generated
 * @param controllerName    the controller
 * @param controllerContact how to reach the controller
 * @param activities        one per declared purpose, and one per retired purpose whose data may
 *                          still be held (since 1.5), by purpose id
 */
public record ProcessingRecord(Instant generatedAt, String controllerName, String controllerContact,
        List<Activity> activities) {
    /** Whose data every purpose processes. */
    public static final String DATA_SUBJECTS = "users of the tenants' products";
    /** The recipients of a purpose whose policy names no allowed sinks. */
    public static final String EVERY_SINK = "every sink of the pipelines that select it";
    /** The recipients of an aggregate-only purpose whose policy names no allowed sinks. */
    public static final String AGGREGATING_SINKS =
            "only aggregating sinks, which keep k-anonymous counts and no individual event";

    public ProcessingRecord {
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(controllerName, "controllerName");
        Objects.requireNonNull(controllerContact, "controllerContact");
        activities = List.copyOf(activities);
    }

    /**
     * One purpose as a processing activity.
     *
     * @param purpose        the purpose id
     * @param description    the purpose as shown to people
     * @param legalBasis     the lawful basis (GDPR Art. 6(1))
     * @param dataCategories the policy's data categories or, when it names none, the field names of
     *                       the purpose's event types
     * @param eventTypes     the event types sent for the purpose
     * @param dataSubjects   whose data it is
     * @param allowedSinks   the sinks the policy allows; empty when it allows every sink
     * @param retention      how long stored events are kept; {@link Duration#ZERO} for no limit
     * @param anonymous      whether events are kept without subject identity
     * @param anonymizers    the names of the anonymizers every event passes, in order
     * @param policyVersion  the current policy version, or 0 before the first is recorded
     * @param policySince    when that version was recorded, or {@code null} before
     * @param aggregateOnly  whether only k-anonymous aggregates are kept (since 1.3)
     * @param retired        whether the purpose is retired: it takes nothing new, but data it
     *                       stored may still be held; then the other fields are its last
     *                       version's (since 1.5)
     */
    public record Activity(String purpose, String description, LegalBasis legalBasis, List<String> dataCategories,
            List<String> eventTypes, String dataSubjects, List<String> allowedSinks, Duration retention,
            boolean anonymous, List<String> anonymizers, int policyVersion, Instant policySince,
            boolean aggregateOnly, boolean retired) {

        /** A declared activity (the 1.3 shape). */
        public Activity(String purpose, String description, LegalBasis legalBasis, List<String> dataCategories,
                List<String> eventTypes, String dataSubjects, List<String> allowedSinks, Duration retention,
                boolean anonymous, List<String> anonymizers, int policyVersion, Instant policySince,
                boolean aggregateOnly) {
            this(purpose, description, legalBasis, dataCategories, eventTypes, dataSubjects, allowedSinks, retention,
                    anonymous, anonymizers, policyVersion, policySince, aggregateOnly, false);
        }

        /** An activity whose events may be stored individually. */
        public Activity(String purpose, String description, LegalBasis legalBasis, List<String> dataCategories,
                List<String> eventTypes, String dataSubjects, List<String> allowedSinks, Duration retention,
                boolean anonymous, List<String> anonymizers, int policyVersion, Instant policySince) {
            this(purpose, description, legalBasis, dataCategories, eventTypes, dataSubjects, allowedSinks, retention,
                    anonymous, anonymizers, policyVersion, policySince, false, false);
        }

        public Activity {
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(legalBasis, "legalBasis");
            Objects.requireNonNull(dataSubjects, "dataSubjects");
            Objects.requireNonNull(retention, "retention");
            dataCategories = List.copyOf(dataCategories);
            eventTypes = List.copyOf(eventTypes);
            allowedSinks = List.copyOf(allowedSinks);
            anonymizers = List.copyOf(anonymizers);
        }

        /** The recipients as the record states them: the allowed sinks, or every sink that may get the events. */
        public String recipients() {
            if (!allowedSinks.isEmpty()) {
                return String.join(", ", allowedSinks);
            }
            return aggregateOnly ? AGGREGATING_SINKS : EVERY_SINK;
        }
    }
}
