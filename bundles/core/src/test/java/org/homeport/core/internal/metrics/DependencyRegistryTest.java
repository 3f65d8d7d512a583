package org.homeport.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.homeport.api.health.Dependency;
import org.homeport.api.health.DependencyState;
import org.homeport.core.internal.topology.Topology;
import org.junit.jupiter.api.Test;

/** Dependencies registered by components make /health degraded while down and show in the metrics. */
class DependencyRegistryTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DependencyRegistry registry = new DependencyRegistry(meters);
    private volatile DependencyState keycloak = DependencyState.up("signing keys fetched", Instant.parse("2026-12-03T10:00:00Z"));
    private final Dependency issuer = new Dependency() {
        @Override
        public String name() {
            return "oidc-issuer";
        }

        @Override
        public DependencyState state() {
            return keycloak;
        }
    };

    @Test
    void aDependencyThatIsDownDegradesTheHealthAndSaysWhy() {
        registry.addDependency(issuer);
        HealthReport up = HealthReport.of(Topology.EMPTY, registry.states());
        keycloak = DependencyState.down("the issuer's signing keys could not be fetched (see the log)", keycloak.lastSuccess());
        HealthReport down = HealthReport.of(Topology.EMPTY, registry.states());

        assertThat(up.problems()).noneMatch(problem -> problem.startsWith("oidc-issuer"));
        assertThat(down.isUp()).isFalse();
        assertThat(down.problems()).contains("oidc-issuer: the issuer's signing keys could not be fetched (see the log)");
        assertThat(down.toJson()).contains("{\"name\":\"oidc-issuer\",\"status\":\"down\",\"detail\":\"the issuer's signing keys "
                + "could not be fetched (see the log)\",\"lastSuccess\":\"2026-12-03T10:00:00Z\"}");
    }

    @Test
    void aDependencyNotConfiguredSaysWhatToSet() {
        keycloak = DependencyState.notConfigured("set 'issuer' in etc/org.homeport.security.oidc.cfg");
        registry.addDependency(issuer);

        HealthReport health = HealthReport.of(Topology.EMPTY, registry.states());

        assertThat(health.problems()).contains("oidc-issuer: set 'issuer' in etc/org.homeport.security.oidc.cfg");
        assertThat(health.toJson()).contains("\"status\":\"not-configured\"").contains("\"lastSuccess\":null");
    }

    @Test
    void gaugesFollowTheStateAndLeaveWithTheDependency() {
        registry.addDependency(issuer);
        assertThat(meters.get("homeport.dependency.up").tag("dependency", "oidc-issuer").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("homeport.dependency.last.success.seconds").gauge().value())
                .isEqualTo(Instant.parse("2026-12-03T10:00:00Z").getEpochSecond());

        keycloak = DependencyState.down("refused", null);
        assertThat(meters.get("homeport.dependency.up").gauge().value()).isEqualTo(0.0);
        assertThat(meters.get("homeport.dependency.last.success.seconds").gauge().value()).isNaN();

        registry.removeDependency(issuer);
        assertThat(meters.find("homeport.dependency.up").gauges()).isEmpty();
        assertThat(registry.states()).isEmpty();
    }
}
