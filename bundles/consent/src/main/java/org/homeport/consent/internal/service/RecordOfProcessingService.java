package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.Purpose;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.api.ProcessingRecord;
import org.homeport.consent.api.RecordOfProcessing;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The record of processing from the declared purposes (what the pipeline enforces now) and their
 * latest policy versions (what was recorded, and since when), with the controller configured for
 * the consent store.
 */
@Component(service = RecordOfProcessing.class)
public class RecordOfProcessingService implements RecordOfProcessing {
    private final ConsentStoreService.Config config;
    private final PolicyHistory policies;
    private final Catalog catalog;
    private final Clock clock;

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

    @Override
    public ProcessingRecord current() {
        List<Purpose> purposes = new ArrayList<>(catalog.purposes());
        purposes.sort(Comparator.comparing(Purpose::id));
        List<ProcessingRecord.Activity> activities = new ArrayList<>();
        for (Purpose purpose : purposes) {
            activities.add(activity(purpose));
        }
        return new ProcessingRecord(clock.instant(), config.controller_name(), config.controller_contact(), activities);
    }

    private ProcessingRecord.Activity activity(Purpose purpose) {
        Optional<PolicyVersion> version = policies.latest(purpose.id());
        JsonObject document = version.map(latest -> new JsonObject(latest.document())).orElseGet(JsonObject::new);
        List<EventType> eventTypes = catalog.eventTypes().stream()
                .filter(type -> type.purposes().contains(purpose.id()))
                .sorted(Comparator.comparing(EventType::id))
                .toList();
        List<String> categories = strings(document.getJsonArray("dataCategories"));
        if (categories.isEmpty()) {
            // without declared categories, the fields the purpose's events may carry say what is processed
            TreeSet<String> fields = new TreeSet<>();
            eventTypes.forEach(type -> type.fields().stream().map(FieldSpec::name).forEach(fields::add));
            categories = List.copyOf(fields);
        }
        // names only: an anonymizer's parameters can hold a key
        List<String> anonymizers = purpose.anonymizers().stream().map(AnonymizerRef::name).toList();
        return new ProcessingRecord.Activity(purpose.id(), purpose.description(), purpose.legalBasis(), categories,
                eventTypes.stream().map(EventType::id).toList(), ProcessingRecord.DATA_SUBJECTS,
                strings(document.getJsonArray("allowedSinks")), purpose.retention(), purpose.anonymous(), anonymizers,
                version.map(PolicyVersion::version).orElse(0), version.map(PolicyVersion::createdAt).orElse(null),
                purpose.aggregateOnly());
    }

    private static List<String> strings(JsonArray array) {
        List<String> items = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> items.add(String.valueOf(item)));
        }
        return items;
    }
}
