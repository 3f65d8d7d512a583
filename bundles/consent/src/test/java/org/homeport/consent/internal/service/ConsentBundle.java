package org.homeport.consent.internal.service;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.FieldSpec;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.consent.ConsentDecision;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.ConsentGate;
import org.homeport.api.consent.ConsentState;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.consent.Verdict;
import org.homeport.api.util.PolicySettings;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.subject.SinkSubjectDataAccess;
import org.homeport.consent.internal.subject.StoredForms;

/**
 * The consent bundle's services on a real H2 store, wired as Declarative Services would wire them.
 * The catalog, the gate and the sinks are our own fakes; purposes are declared as their
 * {@code etc/} files would declare them.
 */
final class ConsentBundle implements AutoCloseable {
    static final String CONTROLLER = "Acme Devices GmbH";
    static final String CONTACT = "privacy@acme.example";

    final TestCatalog catalog = new TestCatalog();
    /** Purposes whose settings the core could not read: declared, not valid. */
    private final Set<String> invalid = new java.util.TreeSet<>();
    /** Stamps policy versions: the system clock until a test records versions in the past. */
    final SettableClock clock = new SettableClock();
    final ConsentStoreService storeService;
    final AuditTrailService audit;
    final CachedConsentRecords records;
    final PolicyHistory policies;
    /** The sinks erasures reach; none until a test binds one. */
    final SinkSubjectDataAccess sinks = new SinkSubjectDataAccess();
    final StoredForms storedForms;
    final ErasureJobs erasures;
    final ConsentServiceImpl consent;

    ConsentBundle(Path directory) {
        storeService = new ConsentStoreService(config(directory.resolve("consent").toString()));
        audit = new AuditTrailService(storeService);
        policies = new PolicyHistory(storeService.store(), audit, clock);
        records = new CachedConsentRecords(storeService, policies);
        // the core's gate for consent purposes, as far as status needs it; everything else is kept
        ConsentGate keepsEverything = (event, purpose) -> {
            if (purpose.legalBasis() != LegalBasis.CONSENT) {
                return new ConsentDecision(Verdict.ALLOW, "test");
            }
            return records.currentChoice(event.tenant(), event.subject(), purpose.id())
                    .<ConsentDecision>map(choice -> choice.outdated() ? new ConsentDecision(Verdict.DROP, "consent-outdated")
                            : choice.state() == ConsentState.GRANTED ? new ConsentDecision(Verdict.ALLOW, "consent-granted")
                            : new ConsentDecision(Verdict.DROP, "consent-" + choice.state().name().toLowerCase()))
                    .orElse(new ConsentDecision(Verdict.DROP, "no-consent-on-record"));
        };
        storedForms = new StoredForms(catalog, policies);
        erasures = new ErasureJobs(storeService.store(), sinks, storedForms, audit, 100, Duration.ofSeconds(30),
                java.time.Clock.systemUTC());
        consent = new ConsentServiceImpl(storeService, records, policies, audit, catalog, keepsEverything, erasures);
    }

    ConsentStore store() {
        return storeService.store();
    }

    /** A purpose as {@code etc/org.homeport.purpose-<id>.cfg} declares it, with more settings such as sinks.allowed. */
    void declare(Purpose purpose, Map<String, String> more) {
        Hashtable<String, Object> props = new Hashtable<>(more);
        props.put("description", purpose.description());
        props.put("legal.basis", purpose.legalBasis().id());
        props.put("consent.default", purpose.consentDefault().id());
        props.put("anonymous", String.valueOf(purpose.anonymous()));
        props.put("retention", purpose.retention().toString());
        props.put("anonymizers", purpose.anonymizers().stream().map(AnonymizerRef::name).collect(Collectors.joining(",")));
        purpose.anonymizers().forEach(ref -> ref.parameters().forEach((key, value) -> props.put(ref.name() + "." + key, value)));
        // read as the core reads etc/, told as the core tells it: a file it cannot read is declared but not valid
        try {
            catalog.purposes.put(purpose.id(), PolicySettings.purpose(purpose.id(), props));
            invalid.remove(purpose.id());
        } catch (IllegalArgumentException e) {
            catalog.purposes.remove(purpose.id());
            invalid.add(purpose.id());
        }
        policies.purposesChanged(catalog.purposes(), Set.copyOf(invalid));
    }

    /** The purpose's file is removed: it is no longer declared and its policy is retired. */
    void retire(String id) {
        catalog.purposes.remove(id);
        invalid.remove(id);
        policies.purposesChanged(catalog.purposes(), Set.copyOf(invalid));
    }

    static Purpose consentPurpose(String id) {
        return new Purpose(id, "What " + id + " is for", LegalBasis.CONSENT, ConsentDefault.OPT_IN, false,
                Duration.ofDays(30), List.of(), 1);
    }

    static Purpose purpose(String id, LegalBasis basis, ConsentDefault consentDefault) {
        return new Purpose(id, "What " + id + " is for", basis, consentDefault, false, Duration.ZERO, List.of(), 1);
    }

    @Override
    public void close() throws InterruptedException {
        consent.deactivate();
        erasures.deactivate();
        policies.deactivate();
        records.deactivate();
        storeService.deactivate();
    }

    /** Declared purposes and event types in maps the test fills. */
    static final class TestCatalog implements Catalog {
        final Map<String, Purpose> purposes = new TreeMap<>();
        final Map<String, EventType> eventTypes = new TreeMap<>();

        void eventType(String id, String purpose, FieldSpec... fields) {
            eventTypes.put(id, new EventType(id, "", Set.of(purpose), List.of(fields)));
        }

        @Override
        public Collection<Purpose> purposes() {
            return List.copyOf(purposes.values());
        }

        @Override
        public Optional<Purpose> purpose(String id) {
            return Optional.ofNullable(purposes.get(id));
        }

        @Override
        public Collection<EventType> eventTypes() {
            return List.copyOf(eventTypes.values());
        }

        @Override
        public Optional<EventType> eventType(String id) {
            return Optional.ofNullable(eventTypes.get(id));
        }
    }

    private static ConsentStoreService.Config config(String h2File) {
        return new ConsentStoreService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsentStoreService.Config.class;
            }

            @Override
            public String store() {
                return "h2";
            }

            @Override
            public String h2_file() {
                return h2File;
            }

            @Override
            public String jdbc_url() {
                return "";
            }

            @Override
            public String jdbc_user() {
                return "homeport";
            }

            @Override
            public String jdbc_password() {
                return "";
            }

            @Override
            public int pool_size() {
                return 4;
            }

            @Override
            public int cache_entries() {
                return 1000;
            }

            @Override
            public long cache_bytes() {
                return ConsentStoreService.DEFAULT_CACHE_BYTES;
            }

            @Override
            public long poll_interval_ms() {
                return 1000;
            }

            @Override
            public int reconnect_seconds() {
                return 10;
            }

            @Override
            public String controller_name() {
                return CONTROLLER;
            }

            @Override
            public String controller_contact() {
                return CONTACT;
            }
        };
    }

    /** The system clock, or a fixed instant a test sets. */
    static final class SettableClock extends java.time.Clock {
        private volatile java.time.Instant fixed;

        void set(java.time.Instant instant) {
            fixed = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            java.time.Instant at = fixed;
            return at != null ? at : java.time.Instant.now();
        }
    }
}
