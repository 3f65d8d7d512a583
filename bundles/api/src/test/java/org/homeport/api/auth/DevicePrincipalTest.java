package org.homeport.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DevicePrincipalTest {

    @Test
    void aPrincipalWithoutPurposesMayWriteEveryPurpose() {
        DevicePrincipal principal = new DevicePrincipal("acme", "fleet-1", Set.of());
        assertThat(principal.mayWrite("crash-reports")).isTrue();
        assertThat(principal.mayWrite("marketing")).isTrue();
    }

    @Test
    void nullPurposesMeanEveryPurpose() {
        assertThat(new DevicePrincipal("acme", "fleet-1", null).mayWrite("crash-reports")).isTrue();
    }

    @Test
    void aPrincipalWithPurposesMayWriteOnlyThose() {
        DevicePrincipal principal = new DevicePrincipal("acme", "printers", Set.of("usage-metering", "fault-alerts"));
        assertThat(principal.mayWrite("usage-metering")).isTrue();
        assertThat(principal.mayWrite("fault-alerts")).isTrue();
        assertThat(principal.mayWrite("marketing")).isFalse();
        assertThat(principal.mayWrite("Usage-Metering")).isFalse();
    }

    @Test
    void purposesAreCopied() {
        Set<String> purposes = new HashSet<>(Set.of("usage-metering"));
        DevicePrincipal principal = new DevicePrincipal("acme", "printers", purposes);
        purposes.add("marketing");
        assertThat(principal.mayWrite("marketing")).isFalse();
    }

    @Test
    void refusesABlankTenantAndAMissingCredentialId() {
        assertThatThrownBy(() -> new DevicePrincipal(" ", "fleet-1", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tenant must not be blank");
        assertThatThrownBy(() -> new DevicePrincipal("acme", null, Set.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("credentialId");
    }
}
