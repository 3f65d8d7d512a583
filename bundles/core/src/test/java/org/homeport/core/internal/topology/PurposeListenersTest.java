package org.homeport.core.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.catalog.PurposeListener;
import org.homeport.core.internal.config.PurposeConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The consent bundle's policy history retires a purpose a report leaves out, so a report is made
 * only once every purpose configuration Config Admin holds has been read.
 */
class PurposeListenersTest {
    private final TopologyService topology = new TopologyService();
    private final List<String> configured = new CopyOnWriteArrayList<>();
    private final List<String> told = new CopyOnWriteArrayList<>();

    private final PurposeListener listener = (Collection<Purpose> purposes, Set<String> invalid) ->
            told.add(purposes.stream().map(Purpose::id).sorted().toList() + " invalid " + invalid);

    @AfterEach
    void stop() throws InterruptedException {
        topology.deactivate();
    }

    private ConfigurationAdmin configurationAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    assertThat(method.getName()).isEqualTo("listConfigurations");
                    return configured.stream().map(this::configuration).toArray(Configuration[]::new);
                });
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> method.getName().equals("getPid") ? pid : null);
    }

    private PurposeConfiguration declaration(String name, String... settings) {
        PurposeConfiguration declaration = new PurposeConfiguration();
        Map<String, Object> props = new java.util.HashMap<>(Map.of("service.pid", "org.homeport.purpose~" + name));
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        declaration.configure(props);
        return declaration;
    }

    @Test
    void aListenerIsToldOnlyOnceEveryPurposeConfigurationHasBeenRead() {
        configured.addAll(List.of("org.homeport.purpose~crash-reports", "org.homeport.purpose~marketing"));
        topology.activate();
        topology.bindConfigurationAdmin(configurationAdmin());
        topology.addPurposeListener(listener);
        topology.addPurpose(declaration("crash-reports", "legal.basis", "contract", "consent.default", "opt-out"));

        PurposeConfiguration marketing = declaration("marketing", "retension", "30d");
        topology.addPurpose(marketing);

        await().atMost(Duration.ofSeconds(5)).until(() -> !told.isEmpty());
        assertThat(told).as("never a report without marketing, which would retire it")
                .containsExactly("[crash-reports] invalid [marketing]");

        configured.remove("org.homeport.purpose~marketing");
        topology.removePurpose(marketing);
        await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 2);
        assertThat(told.get(1)).isEqualTo("[crash-reports] invalid []");
    }

    @Test
    void theDeclaredPurposesAreUnknownWithoutConfigAdminOrWhileAConfigurationIsUnread() {
        topology.activate();
        topology.addPurpose(declaration("crash-reports", "legal.basis", "contract", "consent.default", "opt-out"));
        assertThat(topology.declaredPurposes()).isEmpty();

        topology.bindConfigurationAdmin(configurationAdmin());
        configured.addAll(List.of("org.homeport.purpose~crash-reports", "org.homeport.purpose~marketing"));
        assertThat(topology.declaredPurposes()).as("marketing is configured but not read yet").isEmpty();

        topology.addPurpose(declaration("marketing"));
        assertThat(topology.declaredPurposes()).hasValueSatisfying(declared ->
                assertThat(declared.purposes()).extracting(Purpose::id).containsExactlyInAnyOrder("crash-reports", "marketing"));
    }
}
