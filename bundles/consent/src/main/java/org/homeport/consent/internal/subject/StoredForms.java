package org.homeport.consent.internal.subject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * How a subject's id looks in storage, purpose by purpose: a policy or a pipeline may pseudonymize
 * it (HMAC), so a data-subject request must look for the pseudonym, not the id the subject gave.
 * Every chain that may have stored events is run on a probe event that holds only the id: each
 * policy version of each purpose that ever had one (retired purposes included), alone and followed
 * by each pipeline's own anonymizers. What comes out is what stored events carry. A chain that
 * cannot be rebuilt (an anonymizer is not installed, or refuses its parameters) is named in
 * {@link Search#notSearched()}, so a receipt never claims to have looked where it could not.
 */
@Component(service = StoredForms.class)
public class StoredForms {
    private final Catalog catalog;
    private final PolicyVersions history;
    private final Map<String, Anonymizer> anonymizers = new ConcurrentHashMap<>();

    /**
     * What to search and what could not be searched.
     *
     * @param queries     one per stored form, each limited to the purposes that store that form
     *                    (no purposes: every purpose a sink holds)
     * @param notSearched human-readable notes, purpose and anonymizer names only, on forms that
     *                    could not be rebuilt
     */
    public record Search(List<SubjectQuery> queries, List<String> notSearched) {
        public Search {
            queries = List.copyOf(queries);
            notSearched = List.copyOf(notSearched);
        }

        public boolean complete() {
            return notSearched.isEmpty();
        }
    }

    @Activate
    public StoredForms(@Reference Catalog catalog, @Reference PolicyVersions history) {
        this.catalog = catalog;
        this.history = history;
    }

    /** Only what the catalog declares now, without policy history (tests). */
    public StoredForms(Catalog catalog) {
        this(catalog, PolicyVersions.NONE);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindAnonymizer(Anonymizer anonymizer, Map<String, Object> properties) {
        anonymizers.put(String.valueOf(properties.get(Anonymizer.NAME_PROPERTY)), anonymizer);
    }

    public void unbindAnonymizer(Anonymizer anonymizer, Map<String, Object> properties) {
        anonymizers.remove(String.valueOf(properties.get(Anonymizer.NAME_PROPERTY)), anonymizer);
    }

    /**
     * The queries that find the subject's stored events.
     *
     * @param purposes the purposes to look in; empty for every purpose that may hold data: the
     *                 declared ones, the retired ones, and (for the id as given) whatever a sink
     *                 holds under any purpose
     * @param withheld purposes to leave out even so (an export that withholds some)
     */
    public Search subject(String tenant, String subject, Set<String> purposes, Set<String> withheld) {
        return search(tenant, subject, purposes, withheld, TelemetryEvent::subject,
                (purpose, id) -> probe(tenant, id, null, purpose), (form, set) -> new SubjectQuery(tenant, form, null, set));
    }

    /** The queries for every purpose that may hold the subject's data. */
    public Search subject(String tenant, String subject) {
        return subject(tenant, subject, Set.of(), Set.of());
    }

    /** The same for a device id ({@code source.device}) in the given purposes, as device-recovery reads need it. */
    public List<SubjectQuery> deviceQueries(String tenant, String device, Set<String> purposes) {
        if (purposes.isEmpty()) {
            return List.of();
        }
        return search(tenant, device, purposes, Set.of(), event -> event.source().device(),
                (purpose, id) -> probe(tenant, null, id, purpose), (form, set) -> new SubjectQuery(tenant, null, form, set))
                .queries();
    }

    @FunctionalInterface
    private interface Probe {
        TelemetryEvent of(String purpose, String id);
    }

    @FunctionalInterface
    private interface QueryOf {
        SubjectQuery of(String form, Set<String> purposes);
    }

    private Search search(String tenant, String id, Set<String> asked, Set<String> withheld,
            Function<TelemetryEvent, String> stored, Probe probe, QueryOf queryOf) {
        Map<String, List<Purpose>> versions = versions();
        boolean everything = asked.isEmpty() && withheld.isEmpty();
        Map<String, Set<String>> purposesByForm = new LinkedHashMap<>();
        List<String> notSearched = new ArrayList<>();
        for (Map.Entry<String, List<Purpose>> entry : versions.entrySet()) {
            String purpose = entry.getKey();
            if ((!asked.isEmpty() && !asked.contains(purpose)) || withheld.contains(purpose)) {
                continue;
            }
            Set<String> forms = new LinkedHashSet<>();
            boolean keepsIds = false;
            for (Purpose version : entry.getValue()) {
                if (version.anonymous()) {
                    continue;
                }
                keepsIds = true;
                forms.addAll(forms(version, probe.of(purpose, id), stored, notSearched));
            }
            if (!keepsIds) {
                continue;
            }
            forms.add(id);
            if (everything) {
                // The id as given is searched in every purpose at once, below.
                forms.remove(id);
            }
            for (String form : forms) {
                purposesByForm.computeIfAbsent(form, any -> new LinkedHashSet<>()).add(purpose);
            }
        }
        // Purposes asked for that no policy ever declared: a sink may still hold them under the id as given.
        for (String purpose : asked) {
            if (!versions.containsKey(purpose) && !withheld.contains(purpose)) {
                purposesByForm.computeIfAbsent(id, any -> new LinkedHashSet<>()).add(purpose);
            }
        }
        List<SubjectQuery> queries = new ArrayList<>();
        if (everything) {
            queries.add(queryOf.of(id, Set.of()));
        }
        purposesByForm.forEach((form, formPurposes) -> queries.add(queryOf.of(form, formPurposes)));
        return new Search(queries, notSearched.stream().distinct().toList());
    }

    /** Each purpose's versions, oldest first: the recorded history plus what is declared now. */
    private Map<String, List<Purpose>> versions() {
        Map<String, List<Purpose>> versions = new TreeMap<>();
        history.everyVersion().forEach((purpose, list) -> versions.put(purpose, new ArrayList<>(list)));
        for (Purpose declared : catalog.purposes()) {
            versions.computeIfAbsent(declared.id(), any -> new ArrayList<>()).add(declared);
        }
        return versions;
    }

    private static TelemetryEvent probe(String tenant, String subject, String device, String purpose) {
        Instant now = Instant.now();
        return new TelemetryEvent("dsr-probe", tenant, new Source("homeport", null, device), subject, purpose,
                "dsr.probe", now, now, Map.of());
    }

    /**
     * Every form the purpose's chain, alone and followed by each pipeline's own anonymizers, may
     * have turned the id into: a keyed pseudonym has one form per live key, so each step's
     * {@code storedForms} is followed for each probe.
     */
    private Set<String> forms(Purpose purpose, TelemetryEvent probe, Function<TelemetryEvent, String> stored,
            List<String> notSearched) {
        Set<String> forms = new LinkedHashSet<>();
        List<TelemetryEvent> afterPurpose = run(purpose.anonymizers(), List.of(probe), purpose.id(), "its policy",
                notSearched);
        if (afterPurpose == null) {
            return forms;
        }
        collect(afterPurpose, stored, forms);
        for (List<AnonymizerRef> pipeline : catalog.pipelineAnonymizers(purpose.id())) {
            List<TelemetryEvent> afterPipeline = run(pipeline, afterPurpose, purpose.id(), "a pipeline", notSearched);
            if (afterPipeline != null) {
                collect(afterPipeline, stored, forms);
            }
        }
        return forms;
    }

    /** The probes after the chain, or {@code null} (and a note) if a step cannot be rebuilt. */
    private List<TelemetryEvent> run(List<AnonymizerRef> chain, List<TelemetryEvent> probes, String purpose,
            String whose, List<String> notSearched) {
        List<TelemetryEvent> current = probes;
        for (AnonymizerRef ref : chain) {
            Anonymizer anonymizer = anonymizers.get(ref.name());
            if (anonymizer == null) {
                notSearched.add("purpose '" + purpose + "': anonymizer '" + ref.name() + "' of " + whose
                        + " is not installed, so the forms it stored could not be searched");
                return null;
            }
            try {
                AnonymizerStep step = anonymizer.configure(ref.parameters());
                List<TelemetryEvent> next = new ArrayList<>();
                for (TelemetryEvent each : current) {
                    next.addAll(step.storedForms(each));
                }
                current = next;
            } catch (InvalidParametersException | RuntimeException e) {
                notSearched.add("purpose '" + purpose + "': anonymizer '" + ref.name() + "' of " + whose
                        + " refuses its parameters, so the forms it stored could not be searched");
                return null;
            }
        }
        return current;
    }

    private static void collect(List<TelemetryEvent> probes, Function<TelemetryEvent, String> stored, Set<String> forms) {
        for (TelemetryEvent each : probes) {
            String transformed = stored.apply(each);
            if (transformed != null) {
                forms.add(transformed);
            }
        }
    }
}
