package org.homeport.consent.internal.subject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.sink.SubjectQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * How a subject's id looks in storage, purpose by purpose: a policy may pseudonymize it (HMAC),
 * so a data-subject request must look for the pseudonym, not the id the subject gave. Each
 * purpose's anonymizer chain is run on a probe event that holds only the subject id; what comes out
 * is what its stored events carry.
 */
@Component(service = StoredForms.class)
public class StoredForms {
    private final Catalog catalog;
    private final Map<String, Anonymizer> anonymizers = new ConcurrentHashMap<>();

    @Activate
    public StoredForms(@Reference Catalog catalog) {
        this.catalog = catalog;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAnonymizer(Anonymizer anonymizer, Map<String, Object> properties) {
        anonymizers.put(String.valueOf(properties.get(Anonymizer.NAME_PROPERTY)), anonymizer);
    }

    void unbindAnonymizer(Anonymizer anonymizer, Map<String, Object> properties) {
        anonymizers.remove(String.valueOf(properties.get(Anonymizer.NAME_PROPERTY)), anonymizer);
    }

    /**
     * The queries that find the subject's stored events: one per stored form, each limited to the
     * purposes that store that form. Anonymous purposes store no subject and are left out.
     *
     * @param purposes the purposes to look in; empty for every declared one
     */
    public List<SubjectQuery> queries(String tenant, String subject, Set<String> purposes) {
        Map<String, Set<String>> purposesByForm = new LinkedHashMap<>();
        for (Purpose purpose : catalog.purposes()) {
            if (purpose.anonymous() || (!purposes.isEmpty() && !purposes.contains(purpose.id()))) {
                continue;
            }
            for (String form : forms(tenant, subject, purpose)) {
                purposesByForm.computeIfAbsent(form, any -> new LinkedHashSet<>()).add(purpose.id());
            }
        }
        List<SubjectQuery> queries = new ArrayList<>();
        purposesByForm.forEach((form, formPurposes) -> queries.add(new SubjectQuery(tenant, form, null, formPurposes)));
        return queries;
    }

    /** The same for a device id ({@code source.device}), as device-recovery reads need it. */
    public List<SubjectQuery> deviceQueries(String tenant, String device, Set<String> purposes) {
        Map<String, Set<String>> purposesByForm = new LinkedHashMap<>();
        for (Purpose purpose : catalog.purposes()) {
            if (purpose.anonymous() || !purposes.contains(purpose.id())) {
                continue;
            }
            for (String form : forms(purpose, probe(tenant, null, device, purpose), device, event -> event.source().device())) {
                purposesByForm.computeIfAbsent(form, any -> new LinkedHashSet<>()).add(purpose.id());
            }
        }
        List<SubjectQuery> queries = new ArrayList<>();
        purposesByForm.forEach((form, formPurposes) -> queries.add(new SubjectQuery(tenant, null, form, formPurposes)));
        return queries;
    }

    private Set<String> forms(String tenant, String subject, Purpose purpose) {
        return forms(purpose, probe(tenant, subject, null, purpose), subject, TelemetryEvent::subject);
    }

    private static TelemetryEvent probe(String tenant, String subject, String device, Purpose purpose) {
        Instant now = Instant.now();
        return new TelemetryEvent("dsr-probe", tenant, new Source("homeport", null, device), subject, purpose.id(),
                "dsr.probe", now, now, Map.of());
    }

    /**
     * The raw id, and every form the purpose's chain may have turned it into: a keyed pseudonym
     * has one form per live key, so each step's {@code storedForms} is followed for each probe.
     *
     * @param stored reads the id's field from the transformed probe
     */
    private Set<String> forms(Purpose purpose, TelemetryEvent probe, String raw, Function<TelemetryEvent, String> stored) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(raw);
        List<TelemetryEvent> probes = List.of(probe);
        for (AnonymizerRef ref : purpose.anonymizers()) {
            Anonymizer anonymizer = anonymizers.get(ref.name());
            if (anonymizer == null) {
                // Not installed: its events are held back, so nothing was stored in another form by it.
                continue;
            }
            try {
                AnonymizerStep step = anonymizer.configure(ref.parameters());
                List<TelemetryEvent> next = new ArrayList<>();
                for (TelemetryEvent each : probes) {
                    next.addAll(step.storedForms(each));
                }
                probes = next;
            } catch (InvalidParametersException | RuntimeException e) {
                // A broken step holds its purpose back as well; the raw form is still searched.
                return forms;
            }
        }
        for (TelemetryEvent each : probes) {
            String transformed = stored.apply(each);
            if (transformed != null) {
                forms.add(transformed);
            }
        }
        return forms;
    }
}
