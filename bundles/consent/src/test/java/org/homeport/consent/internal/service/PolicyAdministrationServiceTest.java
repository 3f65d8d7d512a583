package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.karaf.config.core.ConfigRepository;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.util.AnonymizerParameters;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.PolicyVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Purposes written through Config Admin (faked in memory, FileInstall's bookkeeping included):
 * only Homeport settings and the declared parameters of installed anonymizers get in.
 */
class PolicyAdministrationServiceTest {
    @TempDir
    Path directory;
    private ConsentBundle bundle;
    private final InMemoryConfigAdmin configs = new InMemoryConfigAdmin();
    private PolicyAdministrationService administration;

    @BeforeEach
    void start() {
        bundle = new ConsentBundle(directory);
        administration = new PolicyAdministrationService(configs.admin(), configs.repository(), bundle.policies);
        administration.addAnonymizer(parameters -> {
            AnonymizerParameters.requireOnlyKnown("hmac", parameters, Set.of("fields"));
            return event -> event;
        }, Map.of(Anonymizer.NAME_PROPERTY, "hmac"));
    }

    @AfterEach
    void close() throws Exception {
        bundle.close();
    }

    @Test
    void aFileInstallKeyIsRefusedAndNothingIsWritten() {
        administration.declare("feedback", Map.of("retention", "30d"), "cora");
        Map<String, Object> before = configs.properties("feedback");

        assertThatThrownBy(() -> administration.declare("feedback", Map.of("felix.fileinstall.filename",
                "file:/opt/homeport/etc/org.homeport.apikey-demo.cfg"), "cora"))
                .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("'felix.fileinstall.filename'");
        assertThat(configs.properties("feedback")).isEqualTo(before);
        assertThat(bundle.policies.history("feedback")).hasSize(1);
    }

    @Test
    void everyReservedKeyIsRefusedEvenAsAnAnonymizerParameter() {
        for (String key : List.of("service.pid", "service.factoryPid", "component.name", "hmac.target", "sink.target",
                "felix.fileinstall.dir", "osgi.ds.satisfying.condition.target")) {
            assertThatThrownBy(() -> administration.declare("feedback", Map.of("anonymizers", "hmac", key, "x"), "cora"))
                    .as(key).isInstanceOf(ConsentException.class).hasMessageContaining("'" + key + "'");
        }
        assertThat(configs.properties("feedback")).isNull();
    }

    @Test
    void anAnonymizerNamedLikeAFrameworkPrefixCannotSmuggleItsKeysIn() {
        assertThatThrownBy(() -> administration.declare("feedback", Map.of("anonymizers", "felix",
                "felix.fileinstall.filename", "file:/tmp/x.cfg"), "cora")).isInstanceOf(ConsentException.class);
        assertThat(configs.properties("feedback")).isNull();
    }

    @Test
    void aParameterTheInstalledAnonymizerDoesNotDeclareIsRefusedByName() {
        assertThatThrownBy(() -> administration.declare("feedback", Map.of("anonymizers", "hmac", "hmac.fields", "subject",
                "hmac.secret", "x"), "cora"))
                .isInstanceOfSatisfying(ConsentException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("secret");
        assertThat(configs.properties("feedback")).isNull();
    }

    @Test
    void aRetentionShorterThanTheSinksCanHonourIsRefusedWithTheReasonAndNothingIsWritten() {
        assertThatThrownBy(() -> administration.declare("feedback", Map.of("retention", "10s"), "cora"))
                .isInstanceOf(ConsentException.class)
                .hasMessageContaining("10 seconds is shorter than 1 day").hasMessageContaining("whole UTC days");
        assertThat(configs.properties("feedback")).isNull();
    }

    @Test
    void aParameterOfAnAnonymizerThePolicyDoesNotNameIsRefused() {
        assertThatThrownBy(() -> administration.declare("feedback", Map.of("retention", "30d", "hmac.fields", "subject"),
                "cora")).isInstanceOf(ConsentException.class).hasMessageContaining("'hmac.fields'");
    }

    @Test
    void parametersOfAnAnonymizerThatIsNotInstalledCannotBeValidatedAndAreRefused() {
        assertThatThrownBy(() -> administration.declare("feedback", Map.of("anonymizers", "ghost", "ghost.fields", "subject"),
                "cora")).isInstanceOf(ConsentException.class).hasMessageContaining("'ghost' is not installed");
        assertThat(configs.properties("feedback")).isNull();
    }

    @Test
    void declaredParametersOfInstalledAnonymizersAreWritten() {
        administration.declare("feedback", Map.of("anonymizers", "hmac", "hmac.fields", "subject", "retention", "30d"), "cora");

        assertThat(configs.properties("feedback")).containsEntry("hmac.fields", "subject").containsEntry("anonymizers", "hmac");
    }

    @Test
    void namingTheAnonymizersReplacesTheChainWithItsParametersAndOtherSettingsKeepThem() {
        administration.declare("feedback", Map.of("anonymizers", "hmac", "hmac.fields", "subject", "retention", "30d"), "cora");
        administration.declare("feedback", Map.of("retention", "60d"), "cora");
        assertThat(configs.properties("feedback")).containsEntry("hmac.fields", "subject");

        assertThatThrownBy(() -> administration.declare("feedback", Map.of("anonymizers", "ghost", "ghost.fields", "subject"),
                "cora")).hasMessageContaining("'ghost' is not installed");
        administration.addAnonymizer(parameters -> {
            AnonymizerParameters.requireOnlyKnown("drop-fields", parameters, Set.of("fields"));
            return event -> event;
        }, Map.of(Anonymizer.NAME_PROPERTY, "drop-fields"));
        administration.declare("feedback", Map.of("anonymizers", "drop-fields", "drop-fields.fields", "location"), "cora");

        assertThat(configs.properties("feedback")).doesNotContainKey("hmac.fields")
                .containsEntry("drop-fields.fields", "location").containsEntry("retention", "60d");
    }

    @Test
    void fileInstallsOwnBookkeepingOnAnExistingPurposeStaysAsItIs() {
        administration.declare("feedback", Map.of("retention", "30d"), "cora");
        configs.fileInstallTracks("feedback", "file:/opt/homeport/etc/org.homeport.purpose-feedback.cfg");

        administration.declare("feedback", Map.of("retention", "60d"), "cora");

        assertThat(configs.properties("feedback")).containsEntry("retention", "60d")
                .containsEntry("felix.fileinstall.filename", "file:/opt/homeport/etc/org.homeport.purpose-feedback.cfg");
    }

    @Test
    void whatChangesWhatWasAgreedToIsMaterialByDefaultAndTheOfficerMaySayOtherwise() {
        administration.declare("feedback", Map.of("retention", "30d", "data.categories", "usage"), "cora");

        assertThat(administration.declare("feedback", Map.of("description", "Clearer words"), "cora").material()).isFalse();
        assertThat(administration.declare("feedback", Map.of("retention", "20d"), "cora").material()).isFalse();
        assertThat(administration.declare("feedback", Map.of("retention", "60d"), "cora").material()).isTrue();
        assertThat(administration.declare("feedback", Map.of("data.categories", "usage, location"), "cora").material()).isTrue();
        assertThat(administration.declare("feedback", Map.of("data.categories", "usage"), "cora").material()).isFalse();
        // no sink named allows every sink: naming one narrows, adding one or naming none again widens
        assertThat(administration.declare("feedback", Map.of("sinks.allowed", "archive"), "cora").material()).isFalse();
        assertThat(administration.declare("feedback", Map.of("sinks.allowed", "archive, warehouse"), "cora").material())
                .isTrue();
        assertThat(administration.declare("feedback", Map.of("sinks.allowed", ""), "cora").material()).isTrue();
        assertThat(administration.declare("feedback", Map.of("anonymizers", "hmac", "hmac.fields", "subject"), "cora")
                .material()).isTrue();
        assertThat(administration.declare("feedback", Map.of("legal.basis", "legitimate-interest"), "cora").material())
                .isTrue();
        assertThat(administration.declare("feedback", Map.of("retention", "0"), "cora").material()).isTrue();
        // the officer's word wins both ways
        assertThat(administration.declare("feedback", Map.of("description", "New words"), "cora", true).material()).isTrue();
        assertThat(administration.declare("feedback", Map.of("legal.basis", "consent"), "cora", false).material()).isFalse();
        assertThat(bundle.policies.grantsCountFrom("feedback")).isEqualTo(13);
    }

    @Test
    void bringingARetiredPurposeBackIsAlwaysMaterial() {
        administration.declare("feedback", Map.of("retention", "30d"), "cora");
        administration.retire("feedback", "cora");

        PolicyVersion revived = administration.declare("feedback", Map.of("retention", "30d"), "cora", false);

        assertThat(revived.version()).isEqualTo(3);
        assertThat(revived.material()).isTrue();
        assertThat(bundle.policies.grantsCountFrom("feedback")).isEqualTo(3);
    }

    @Test
    void everyVersionSaysWhetherItIsInForceSupersededOrRetired() {
        administration.declare("feedback", Map.of("retention", "30d"), "cora");
        administration.declare("feedback", Map.of("retention", "20d"), "cora");

        List<PolicyVersion> history = administration.history("feedback");
        PolicyVersion latest = history.get(history.size() - 1);
        assertThat(history).extracting(version -> version.standing(latest)).containsExactly("superseded", "in-force");

        administration.retire("feedback", "cora");
        history = administration.history("feedback");
        PolicyVersion retired = history.get(history.size() - 1);
        assertThat(history).extracting(version -> version.standing(retired))
                .containsExactly("superseded", "superseded", "retired");
    }

    /**
     * The core reads the first write while the second change is under way (it reads etc/ on its
     * own thread, after Config Admin's event): what it tells is older than what was recorded and
     * must not be recorded again as a version by 'etc'. Once it tells the written policy, a hand
     * edit is recorded as usual.
     */
    @Test
    void aReportOfTheCoreOlderThanAWriteRecordsNoVersionOfItsOwn() throws Exception {
        PolicyHistory history = new PolicyHistory(bundle.store(), bundle.audit, java.time.Clock.systemUTC());
        PolicyAdministrationService admin = new PolicyAdministrationService(configs.admin(), configs.repository(), history);
        admin.declare("feedback", Map.of("retention", "90d"), "cora");
        history.purposesChanged(configs.purposes(), Set.of());
        Thread[] core = new Thread[1];
        configs.beforeEachUpdate = () -> {
            var stale = configs.purposes();
            core[0] = new Thread(() -> history.purposesChanged(stale, Set.of()), "core");
            core[0].start();
            await().atMost(Duration.ofSeconds(10)).until(() -> core[0].getState() == Thread.State.BLOCKED
                    || core[0].getState() == Thread.State.TERMINATED);
        };

        admin.declare("feedback", Map.of("retention", "30d"), "cora");
        core[0].join(10_000);
        history.purposesChanged(configs.purposes(), Set.of());

        assertThat(history.history("feedback")).extracting(PolicyVersion::createdBy).containsExactly("cora", "cora");
        assertThat(history.latest("feedback")).hasValueSatisfying(v -> assertThat(v.document()).contains("30d"));

        configs.edit("feedback", "retention", "20d");
        history.purposesChanged(configs.purposes(), Set.of());
        assertThat(history.history("feedback")).extracting(PolicyVersion::createdBy).containsExactly("cora", "cora", "etc");
        history.deactivate();
    }

    /** A write the core never tells back (the file was edited again at once) stops holding its reports back. */
    @Test
    void aWriteTheCoreNeverTellsBackHoldsItsReportsBackOnlyForAWhile() throws Exception {
        bundle.clock.set(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        PolicyHistory history = new PolicyHistory(bundle.store(), bundle.audit, bundle.clock);
        PolicyAdministrationService admin = new PolicyAdministrationService(configs.admin(), configs.repository(), history);
        admin.declare("feedback", Map.of("retention", "90d"), "cora");
        configs.edit("feedback", "retention", "20d");

        history.purposesChanged(configs.purposes(), Set.of());
        assertThat(history.history("feedback")).extracting(PolicyVersion::createdBy).containsExactly("cora");

        bundle.clock.set(java.time.Instant.parse("2026-12-01T10:00:00Z").plus(PolicyHistory.WRITE_SEEN_WITHIN).plusSeconds(1));
        history.purposesChanged(configs.purposes(), Set.of());
        assertThat(history.history("feedback")).extracting(PolicyVersion::createdBy).containsExactly("cora", "etc");
        assertThat(history.latest("feedback")).hasValueSatisfying(v -> assertThat(v.document()).contains("20d"));
        history.deactivate();
    }

    /** Factory configurations of org.homeport.purpose in maps; found by their 'id'. */
    static final class InMemoryConfigAdmin {
        private final Map<String, Hashtable<String, Object>> byPurpose = new TreeMap<>();
        private static final Pattern ID = Pattern.compile("\\(id=([^)]+)\\)");
        /** Runs just before a configuration is updated, on the writing thread. */
        Runnable beforeEachUpdate = () -> { };

        /** What the core tells: each configured purpose, read as it reads them. */
        java.util.Collection<org.homeport.api.catalog.Purpose> purposes() {
            List<org.homeport.api.catalog.Purpose> purposes = new java.util.ArrayList<>();
            byPurpose.forEach((purpose, props) -> purposes.add(org.homeport.api.util.PolicySettings.purpose(purpose, props)));
            return purposes;
        }

        /** A hand edit of the purpose's file. */
        void edit(String purpose, String key, String value) {
            byPurpose.get(purpose).put(key, value);
        }

        Map<String, Object> properties(String purpose) {
            Hashtable<String, Object> props = byPurpose.get(purpose);
            return props == null ? null : new TreeMap<>(props);
        }

        void fileInstallTracks(String purpose, String file) {
            byPurpose.get(purpose).put("felix.fileinstall.filename", file);
        }

        ConfigurationAdmin admin() {
            return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("listConfigurations")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        Matcher id = ID.matcher((String) args[0]);
                        if (!id.find() || !byPurpose.containsKey(id.group(1))) {
                            return null;
                        }
                        return new Configuration[] {configuration(id.group(1))};
                    });
        }

        private Configuration configuration(String purpose) {
            return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getProperties" -> new Hashtable<>(byPurpose.get(purpose));
                        case "update" -> {
                            beforeEachUpdate.run();
                            Hashtable<String, Object> next = new Hashtable<>();
                            Dictionary<?, ?> props = (Dictionary<?, ?>) args[0];
                            for (Object key : Collections.list(props.keys())) {
                                next.put((String) key, props.get(key));
                            }
                            byPurpose.put(purpose, next);
                            yield null;
                        }
                        case "delete" -> {
                            byPurpose.remove(purpose);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        ConfigRepository repository() {
            return (ConfigRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ConfigRepository.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("createFactoryConfiguration") || args.length != 3
                                || !(args[1] instanceof String)) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        @SuppressWarnings("unchecked")
                        Map<String, Object> props = (Map<String, Object>) args[2];
                        Hashtable<String, Object> stored = new Hashtable<>(new LinkedHashMap<>(props));
                        stored.put("service.pid", args[0] + "~" + args[1]);
                        stored.put("service.factoryPid", args[0]);
                        byPurpose.put((String) args[1], stored);
                        return args[0] + "~" + args[1];
                    });
        }
    }

}
