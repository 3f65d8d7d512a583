package org.homeport.consent.internal.service;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.catalog.PurposeListener;
import org.homeport.api.catalog.RetiredPurposes;
import org.homeport.consent.api.AuditTrail;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.subject.PolicyVersions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's policy history in step with the declared purposes, as the core read them from
 * {@code etc/} (it tells this {@link PurposeListener}): a changed purpose gets its next version, a
 * removed one a retired version, and each is audited. History is never rewritten; the
 * configuration is only ever the current state.
 *
 * <p>A change made here ({@link #recordThenWrite}) is recorded before its file is written, so
 * until the core has read the file, what it tells is older than what is recorded; such a purpose
 * is left alone until the core tells the written policy, or {@link #WRITE_SEEN_WITHIN} passes.
 */
@Component(service = {PolicyHistory.class, PurposeListener.class, RetiredPurposes.class, PolicyVersions.class},
        immediate = true)
public class PolicyHistory implements PurposeListener, RetiredPurposes, PolicyVersions {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyHistory.class);
    /** Who recorded versions that came from configuration files. */
    static final String FROM_CONFIGURATION = "etc";
    /** How long a written policy may take to come back from the core before what it tells wins again. */
    static final Duration WRITE_SEEN_WITHIN = Duration.ofSeconds(30);

    private final ConsentStore store;
    private final AuditTrail audit;
    private final Clock clock;
    private final Map<String, PolicyVersion> current = new ConcurrentHashMap<>();
    /** Per purpose, the version from which grants count: the latest material one (0: every version). */
    private final Map<String, Integer> grantsCountFrom = new ConcurrentHashMap<>();
    /** Policies written here that the core has not told back yet; an empty one is a retirement. */
    private final Map<String, Written> written = new HashMap<>();
    /** What the core told last, to look again once a write it did not tell back is given up on. */
    private Collection<Purpose> toldPurposes;
    private Set<String> toldInvalid = Set.of();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "homeport-policy-history");
        thread.setDaemon(true);
        return thread;
    });

    private record Written(Optional<Purpose> policy, Instant until) {
    }

    @Activate
    public PolicyHistory(@Reference StoreHolder holder, @Reference AuditTrail audit) {
        this(holder.store(), audit, Clock.systemUTC());
    }

    /** {@code clock} stamps new versions and times writes; tests record versions in the past. */
    PolicyHistory(ConsentStore store, AuditTrail audit, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.audit = audit;
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

    /** The policy of the latest version (active or retired), or empty. */
    public Optional<Purpose> policy(String purpose) {
        return latest(purpose).map(PolicyHistory::toPurpose);
    }

    /** Every retired purpose as its last (retired) version declared it: what retention still has to clean. */
    @Override
    public Collection<Purpose> retiredPurposes() {
        List<Purpose> retired = new ArrayList<>();
        for (PolicyVersion latest : store.latestPolicies()) {
            if (PolicyVersion.RETIRED.equals(latest.status())) {
                retired.add(toPurpose(latest));
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
                purposes.add(toPurpose(version));
            }
            versions.put(latest.purpose(), purposes);
        }
        return versions;
    }

    @Override
    public synchronized void purposesChanged(Collection<Purpose> purposes, Set<String> invalid) {
        toldPurposes = List.copyOf(purposes);
        toldInvalid = Set.copyOf(invalid);
        try {
            synchronize(purposes, invalid);
        } catch (RuntimeException e) {
            LOG.error("Could not bring the policy history up to date with the declared purposes", e);
        }
    }

    private void synchronize(Collection<Purpose> purposes, Set<String> invalid) {
        Instant now = clock.instant();
        Map<String, Purpose> declared = new TreeMap<>();
        purposes.forEach(purpose -> declared.put(purpose.id(), purpose));
        declared.forEach((id, purpose) -> {
            if (!toldBack(id, Optional.of(purpose), now)) {
                return;
            }
            record(id, purpose, PolicyVersion.ACTIVE, FROM_CONFIGURATION, null);
        });
        for (PolicyVersion latest : store.latestPolicies()) {
            String id = latest.purpose();
            if (declared.containsKey(id) || !PolicyVersion.ACTIVE.equals(latest.status())) {
                continue;
            }
            if (invalid.contains(id)) {
                // the core refuses the file, so its events too; its last valid version stays in force, not retired
                LOG.warn("Purpose '{}' in etc/ is not valid (see /health); policy version {} stays in force", id,
                        latest.version());
                continue;
            }
            if (toldBack(id, Optional.empty(), now)) {
                record(id, toPurpose(latest), PolicyVersion.RETIRED, FROM_CONFIGURATION, null);
            }
        }
    }

    /**
     * Whether what the core tells of {@code purpose} may be recorded: yes unless a policy written
     * here is still on its way to the core and this is not it yet.
     */
    private boolean toldBack(String purpose, Optional<Purpose> told, Instant now) {
        Written write = written.get(purpose);
        if (write == null) {
            return true;
        }
        boolean same = write.policy().isPresent() ? told.isPresent() && write.policy().get().samePolicyAs(told.get())
                : told.isEmpty();
        if (same || now.isAfter(write.until())) {
            written.remove(purpose);
            return true;
        }
        return false;
    }

    private static Purpose toPurpose(PolicyVersion version) {
        return PolicyDocument.toPurpose(version.purpose(), version.document(), version.version());
    }

    /** Writes a purpose's configuration; see {@link #recordThenWrite}. */
    @FunctionalInterface
    interface ConfigurationWrite {
        void write() throws Exception;
    }

    /**
     * Records a person's change as the purpose's next version, then writes the configuration, both
     * under the lock the core's reports take. Until the core tells the written policy back, an
     * older report of it records nothing (see the class comment).
     *
     * @param policy the policy written, or {@code null} when the write retires the purpose
     */
    synchronized PolicyVersion recordThenWrite(String purpose, Purpose policy, String status, String actor,
            Boolean material, ConfigurationWrite write) throws Exception {
        Purpose recorded = policy != null ? policy
                : latest(purpose).map(PolicyHistory::toPurpose).orElseThrow(() -> new IllegalStateException(
                        "no policy of '" + purpose + "' to retire"));
        PolicyVersion version = record(purpose, recorded, status, actor, material);
        written.put(purpose, new Written(Optional.ofNullable(policy), clock.instant().plus(WRITE_SEEN_WITHIN)));
        later.schedule(this::lookAgain, WRITE_SEEN_WITHIN.toMillis() + 100, TimeUnit.MILLISECONDS);
        write.write();
        return version;
    }

    /** Once a write was not told back in time, what the core told last is the truth again. */
    private synchronized void lookAgain() {
        if (toldPurposes != null && !written.isEmpty()) {
            purposesChanged(toldPurposes, toldInvalid);
        }
    }

    /**
     * Records a policy as its purpose's next version unless it declares the same as the latest
     * (however that was written), and audits a new one.
     *
     * @param material whether the change is material; {@code null} decides by {@link Materiality}
     */
    synchronized PolicyVersion record(String purpose, Purpose policy, String status, String actor, Boolean material) {
        Optional<PolicyVersion> before = store.latestPolicy(purpose);
        if (before.isPresent() && before.get().status().equals(status) && toPurpose(before.get()).samePolicyAs(policy)) {
            current.put(purpose, before.get());
            return before.get();
        }
        boolean isMaterial = material != null ? material
                : before.isPresent() && Materiality.isMaterial(toPurpose(before.get()), policy);
        String document = PolicyVersion.RETIRED.equals(status) && before.isPresent() ? before.get().document()
                : PolicyDocument.of(policy);
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
        later.shutdownNow();
        later.awaitTermination(10, TimeUnit.SECONDS);
    }
}
