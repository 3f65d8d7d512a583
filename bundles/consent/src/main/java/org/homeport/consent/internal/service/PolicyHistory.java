package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.catalog.RetiredPurposes;
import org.homeport.api.retention.Retentions;
import org.homeport.consent.api.AuditTrail;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.subject.PolicyVersions;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's policy history in step with the purposes configured in {@code etc/}: a
 * changed purpose gets its next version, a removed one a retired version, and each is audited.
 * History is never rewritten; the configuration is only ever the current state.
 */
@Component(service = {PolicyHistory.class, ConfigurationListener.class, RetiredPurposes.class, PolicyVersions.class},
        immediate = true)
public class PolicyHistory implements ConfigurationListener, RetiredPurposes, PolicyVersions {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyHistory.class);
    /** Who recorded versions that came from configuration files. */
    static final String FROM_CONFIGURATION = "etc";

    private final ConsentStore store;
    private final ConfiguredPolicies configured;
    private final AuditTrail audit;
    private final Clock clock;
    private final ExecutorService sync = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "homeport-policy-history");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, PolicyVersion> current = new ConcurrentHashMap<>();
    /** Per purpose, the version from which grants count: the latest material one (0: every version). */
    private final Map<String, Integer> grantsCountFrom = new ConcurrentHashMap<>();

    @Activate
    public PolicyHistory(@Reference StoreHolder holder, @Reference ConfigurationAdmin configurationAdmin,
            @Reference AuditTrail audit) {
        this(holder.store(), audit, () -> configured(configurationAdmin));
    }

    /** {@code configured} reads what is configured now; tests hand in the documents themselves. */
    PolicyHistory(ConsentStore store, AuditTrail audit, ConfiguredPolicies configured) {
        this(store, audit, configured, Clock.systemUTC());
    }

    /** {@code clock} stamps new versions; tests record versions in the past. */
    PolicyHistory(ConsentStore store, AuditTrail audit, ConfiguredPolicies configured, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.configured = configured;
        this.audit = audit;
        synchronize();
    }

    /** The purposes configured now: purpose id to policy document (canonical JSON). */
    @FunctionalInterface
    interface ConfiguredPolicies {
        Map<String, String> read() throws Exception;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (PolicyDocument.FACTORY_PID.equals(event.getFactoryPid())) {
            sync.execute(this::synchronize);
        }
    }

    /** The latest version of the purpose, active or retired. */
    public Optional<PolicyVersion> latest(String purpose) {
        PolicyVersion known = current.get(purpose);
        return known != null ? Optional.of(known) : store.latestPolicy(purpose);
    }

    public List<PolicyVersion> history(String purpose) {
        return store.policyHistory(purpose);
    }

    /**
     * The version a grant must have been given under to count: the purpose's latest material
     * version (a version that brought the purpose back from retirement is one), or 0 when every
     * version's grants count. Read on the gate's path: a map lookup once known.
     */
    public int grantsCountFrom(String purpose) {
        return grantsCountFrom.computeIfAbsent(purpose, this::latestMaterialVersion);
    }

    private int latestMaterialVersion(String purpose) {
        int from = 0;
        for (PolicyVersion version : store.policyHistory(purpose)) {
            if (version.material()) {
                from = version.version();
            }
        }
        return from;
    }

    /**
     * The version in force at {@code at}: the latest recorded no later than that, unless it was
     * the one that retired the purpose. Empty when the purpose had no version in force then.
     */
    public Optional<PolicyVersion> inForceAt(String purpose, java.time.Instant at) {
        return inForceAt(store.policyHistory(purpose), at);
    }

    /** {@link #inForceAt(String, java.time.Instant)} in a history already read (oldest first). */
    static Optional<PolicyVersion> inForceAt(List<PolicyVersion> history, java.time.Instant at) {
        PolicyVersion inForce = null;
        for (PolicyVersion version : history) {
            if (!version.createdAt().isAfter(at)) {
                inForce = version;
            }
        }
        return inForce == null || PolicyVersion.RETIRED.equals(inForce.status()) ? Optional.empty() : Optional.of(inForce);
    }

    /** The latest version's settings as JSON, or empty. */
    public Optional<JsonObject> document(String purpose) {
        return latest(purpose).map(version -> new JsonObject(version.document()));
    }

    /** Every retired purpose as its last (retired) version declared it: what retention still has to clean. */
    @Override
    public Collection<Purpose> retiredPurposes() {
        List<Purpose> retired = new ArrayList<>();
        for (PolicyVersion latest : store.latestPolicies()) {
            if (PolicyVersion.RETIRED.equals(latest.status())) {
                retired.add(PolicyDocument.toPurpose(latest.purpose(), latest.document(), latest.version()));
            }
        }
        return retired;
    }

    @Override
    public Map<String, List<Purpose>> everyVersion() {
        Map<String, List<Purpose>> versions = new LinkedHashMap<>();
        for (PolicyVersion latest : store.latestPolicies()) {
            List<Purpose> purposes = new ArrayList<>();
            for (PolicyVersion version : store.policyHistory(latest.purpose())) {
                purposes.add(PolicyDocument.toPurpose(version.purpose(), version.document(), version.version()));
            }
            versions.put(latest.purpose(), purposes);
        }
        return versions;
    }

    synchronized void synchronize() {
        try {
            Map<String, String> documents = configured.read();
            documents.forEach((purpose, document) -> {
                String problem = unrecordable(document);
                if (problem == null) {
                    record(purpose, document, PolicyVersion.ACTIVE);
                } else {
                    // the core refuses the file too; its last valid version stays the one in force, not retired
                    LOG.warn("Purpose '{}' in etc/ is not valid, so no policy version is recorded for it: {}", purpose,
                            problem);
                }
            });
            for (PolicyVersion latest : store.latestPolicies()) {
                if (!documents.containsKey(latest.purpose()) && PolicyVersion.ACTIVE.equals(latest.status())) {
                    record(latest.purpose(), latest.document(), PolicyVersion.RETIRED);
                }
            }
        } catch (Exception e) {
            LOG.error("Could not bring the policy history up to date with etc/", e);
        }
    }

    /** Why a configured document cannot become a version (a retention the sinks cannot honour), or {@code null}. */
    private static String unrecordable(String document) {
        String retention = new JsonObject(document).getString("retention");
        if (retention == null) {
            return null;
        }
        try {
            Retentions.parse(retention);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static Map<String, String> configured(ConfigurationAdmin configurationAdmin) throws Exception {
        Configuration[] configurations = configurationAdmin.listConfigurations(
                "(service.factoryPid=" + PolicyDocument.FACTORY_PID + ")");
        Map<String, String> documents = new TreeMap<>();
        for (Configuration configuration : configurations == null ? new Configuration[0] : configurations) {
            Dictionary<String, Object> props = configuration.getProperties();
            String purpose = props == null ? null : PolicyDocument.purposeId(props);
            if (purpose != null) {
                documents.put(purpose, PolicyDocument.of(purpose, props).encode());
            }
        }
        return documents;
    }

    private void record(String purpose, String document, String status) {
        record(purpose, document, status, FROM_CONFIGURATION, null);
    }

    /** Writes a purpose's configuration; see {@link #recordThenWrite}. */
    @FunctionalInterface
    interface ConfigurationWrite {
        void write() throws Exception;
    }

    /**
     * Records a person's change as the purpose's next version, then writes the configuration, both
     * under the lock {@link #synchronize()} takes. Otherwise the event of an earlier write, handled
     * between the two steps, would read the old file and record it again as a version by {@code etc}.
     * The event that follows this write finds nothing new.
     */
    synchronized PolicyVersion recordThenWrite(String purpose, String document, String status, String actor,
            Boolean material, ConfigurationWrite write) throws Exception {
        PolicyVersion version = record(purpose, document, status, actor, material);
        write.write();
        return version;
    }

    /**
     * Records a policy as its purpose's next version unless it is unchanged, and audits a new one.
     *
     * @param material whether the change is material; {@code null} decides by {@link Materiality}
     */
    synchronized PolicyVersion record(String purpose, String document, String status, String actor, Boolean material) {
        Optional<PolicyVersion> before = store.latestPolicy(purpose);
        boolean isMaterial = material != null ? material
                : before.isPresent() && Materiality.isMaterial(before.get().document(), document);
        PolicyVersion after = store.recordPolicy(purpose, document, status, actor, clock.instant(), isMaterial);
        current.put(purpose, after);
        if (after.material()) {
            grantsCountFrom.merge(purpose, after.version(), Math::max);
        }
        if (before.isEmpty() || before.get().version() != after.version()) {
            JsonObject detail = new JsonObject().put("version", after.version()).put("digest", after.digest());
            if (after.material()) {
                detail.put("material", true);
            }
            audit.append(actor, PolicyVersion.RETIRED.equals(status) ? "policy.retire" : "policy.version",
                    purpose, detail.encode());
            LOG.info("Purpose '{}': policy version {} recorded ({}{})", purpose, after.version(), status,
                    after.material() ? ", material" : "");
        }
        return after;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        sync.shutdown();
        sync.awaitTermination(10, TimeUnit.SECONDS);
    }
}
