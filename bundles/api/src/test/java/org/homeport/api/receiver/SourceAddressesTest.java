package org.homeport.api.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

    @Test
    void theFirstEntryContainingTheAddressNamesTheTenant() {
        SourceAddresses addresses = SourceAddresses.parse(List.of("acme=10.1.0.0/16", "beta=10.0.0.0/8",
                " gamma = 127.0.0.1 ", "delta=2001:db8::/32"));
        assertThat(addresses.tenantOf("10.1.200.3")).contains("acme");
        assertThat(addresses.tenantOf("10.2.0.1")).contains("beta");
        assertThat(addresses.tenantOf("127.0.0.1")).contains("gamma");
        assertThat(addresses.tenantOf("::ffff:127.0.0.1")).contains("gamma");
        assertThat(addresses.tenantOf("127.0.0.2")).isEmpty();
        assertThat(addresses.tenantOf("2001:db8:1::5")).contains("delta");
        assertThat(addresses.tenantOf("2001:db9::5")).isEmpty();
    }

    @Test
    void prefixLengthsThatAreNotWholeBytesAreMasked() {
        SourceAddresses addresses = SourceAddresses.parse(List.of("acme=192.168.4.0/22"));
        assertThat(addresses.tenantOf("192.168.7.255")).contains("acme");
        assertThat(addresses.tenantOf("192.168.8.0")).isEmpty();
        assertThat(SourceAddresses.parse(List.of("all=0.0.0.0/0")).tenantOf("8.8.8.8")).contains("all");
    }

    @Test
    void hostNamesAndGarbageAreNeverResolvedAndNeverMatch() {
        SourceAddresses addresses = SourceAddresses.parse(List.of("acme=0.0.0.0/0"));
        assertThat(addresses.tenantOf("localhost")).isEmpty();
        assertThat(addresses.tenantOf("1.2.3")).isEmpty();
        assertThat(addresses.tenantOf("1.2.3.400")).isEmpty();
        assertThat(addresses.tenantOf(null)).isEmpty();
        assertThat(addresses.tenantOf("x".repeat(10_000))).isEmpty();
    }

    @Test
    void wrongEntriesAreRefusedByName() {
        assertThatThrownBy(() -> SourceAddresses.parse(List.of("acme"))).hasMessageContaining("'acme'");
        assertThatThrownBy(() -> SourceAddresses.parse(List.of("acme=example.org")))
                .hasMessageContaining("IP literal");
        assertThatThrownBy(() -> SourceAddresses.parse(List.of("acme=10.0.0.0/33"))).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> SourceAddresses.parse(List.of("=10.0.0.0/8"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePrincipalNamesTheTenantButNotTheAddress() {
        SourceAddresses addresses = SourceAddresses.parse(List.of("acme=127.0.0.1"));
        assertThat(addresses.principalOf("syslog", "127.0.0.1")).hasValueSatisfying(principal -> {
            assertThat(principal.tenant()).isEqualTo("acme");
            assertThat(principal.credentialId()).isEqualTo("syslog-source-address");
            assertThat(principal.mayWrite("anything")).isTrue();
        });
        assertThat(addresses.principalOf("syslog", "127.0.0.9")).isEmpty();
    }
}
