package org.homeport.consent.internal.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.retention.Held;
import org.homeport.api.retention.PurposeRetention;
import org.homeport.api.retention.RetentionFacts;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.api.ProcessingRecord;
import org.homeport.consent.api.RecordOfProcessing;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The record of processing from the declared purposes (what the pipeline enforces now) and their
 * latest policy versions (what was recorded, and since when), with the controller configured for
 * the consent store. A retired purpose stays in the record, marked retired and as its last version
 * declared it, until retention reports (after its retirement) that no sink holds its data.
 */
@Component(service = RecordOfProcessing.class)
public class RecordOfProcessingService implements RecordOfProcessing {
    private final ConsentStoreService.Config config;
    private final PolicyHistory policies;
    private final Catalog catalog;
    private final Clock clock;
    /** Set while the core's retention runs: it tells whether a retired purpose's data is gone. */
    private volatile RetentionFacts retention;

    @Activate
    public RecordOfProcessingService(@Reference StoreHolder holder, @Reference PolicyHistory policies,
            @Reference Catalog catalog) {
        this(holder.config(), policies, catalog, Clock.systemUTC());
    }

    RecordOfProcessingService(ConsentStoreService.Config config, PolicyHistory policies, Catalog catalog, Clock clock) {
        this.config = config;
        this.policies = policies;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRetention(RetentionFacts facts) {
        this.retention = facts;
    }

    void unbindRetention(RetentionFacts facts) {
        if (this.retention == facts) {
            this.retention = null;
        }
    }

    @Override
    public ProcessingRecord current() {
        Map<String, ProcessingRecord.Activity> activities = new TreeMap<>();
        for (Purpose purpose : catalog.purposes()) {
            activities.put(purpose.id(), activity(purpose, false));
        }
        for (Purpose retired : policies.retiredPurposes()) {
            if (!activities.containsKey(retired.id()) && mayStillBeHeld(retired.id())) {
                activities.put(retired.id(), activity(retired, true));
            }
        }
        return new ProcessingRecord(clock.instant(), config.controller_name(), config.controller_contact(),
                List.copyOf(activities.values()));
    }

    /** Until a retention run after its retirement found no sink holding any of it, its data may be held. */
    private boolean mayStillBeHeld(String purpose) {
        RetentionFacts facts = retention;
        if (facts == null) {
            return true;
        }
        Optional<PurposeRetention> known = facts.purpose(purpose);
        return known.isEmpty() || !known.get().retired() || known.get().held() != Held.NONE;
    }

    private ProcessingRecord.Activity activity(Purpose purpose, boolean retired) {
        Optional<PolicyVersion> version = policies.latest(purpose.id());
        List<EventType> eventTypes = catalog.eventTypes().stream()
                .filter(type -> type.purposes().contains(purpose.id()))
                .sorted(Comparator.comparing(EventType::id))
                .toList();
        List<String> categories = purpose.dataCategories();
        if (categories.isEmpty()) {
            // without declared categories, the fields the purpose's events may carry say what is processed
            TreeSet<String> fields = new TreeSet<>();
            eventTypes.forEach(type -> type.fields().stream().map(FieldSpec::name).forEach(fields::add));
            categories = List.copyOf(fields);
        }
        categories = withPseudonyms(purpose, categories);
        // names only: an anonymizer's parameters can hold a key
        List<String> anonymizers = purpose.anonymizers().stream().map(AnonymizerRef::name).toList();
        return new ProcessingRecord.Activity(purpose.id(), purpose.description(), purpose.legalBasis(), categories,
                eventTypes.stream().map(EventType::id).toList(), ProcessingRecord.DATA_SUBJECTS,
                purpose.allowedSinks(), purpose.retention(), purpose.anonymous(), anonymizers,
                version.map(PolicyVersion::version).orElse(0), version.map(PolicyVersion::createdAt).orElse(null),
                purpose.aggregateOnly(), retired);
    }

    /**
     * The categories plus the pseudonymous identifiers the stored data holds: what the purpose's
     * own and its pipelines' {@code hmac} steps replace with keyed pseudonyms is still personal data
     * (GDPR Recital 26), so the record names it.
     */
    private List<String> withPseudonyms(Purpose purpose, List<String> categories) {
        List<List<AnonymizerRef>> chains = new ArrayList<>();
        chains.add(purpose.anonymizers());
        chains.addAll(catalog.pipelineAnonymizers(purpose.id()));
        Set<String> fields = new LinkedHashSet<>();
        for (List<AnonymizerRef> chain : chains) {
            for (AnonymizerRef step : chain) {
                if (PSEUDONYMIZER.equals(step.name())) {
                    for (String field : step.parameters().getOrDefault("fields", "").split(",")) {
                        String name = field.strip();
                        boolean identity = name.equals("subject") || name.equals("source.device");
                        if (!name.isEmpty() && !(identity && purpose.anonymous())) {
                            fields.add(name);
                        }
                    }
                }
            }
        }
        List<String> all = new ArrayList<>(categories);
        for (String field : fields) {
            String category = pseudonymCategory(field);
            if (!all.contains(category)) {
                all.add(category);
            }
        }
        return all;
    }

    /** The anonymizer that stores keyed pseudonyms instead of values. */
    static final String PSEUDONYMIZER = "hmac";

    static String pseudonymCategory(String field) {
        return switch (field) {
            case "subject" -> "pseudonymous subject id (HMAC)";
            case "source.device" -> "pseudonymous device id (HMAC)";
            default -> "pseudonymous " + field + " (HMAC)";
        };
    }
}
