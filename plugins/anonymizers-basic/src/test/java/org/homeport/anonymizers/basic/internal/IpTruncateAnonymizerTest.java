package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.util.IpPrefixes;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpTruncateAnonymizerTest {
    private final IpTruncateAnonymizer anonymizer = new IpTruncateAnonymizer();

    @Test
    void truncatesIpv4ToSlash24() {
        assertThat(IpPrefixes.truncate("192.168.17.42")).isEqualTo("192.168.17.0");
        assertThat(IpPrefixes.truncate("0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(IpPrefixes.truncate("255.255.255.255")).isEqualTo("255.255.255.0");
    }

    @ParameterizedTest
    @CsvSource({
            "2001:db8:abcd:12::1, 2001:db8:abcd::",
            "2001:0DB8:ABCD:0012:0000:0000:0000:0001, 2001:db8:abcd::",
            "fe80::1%eth0, fe80::",
            "::1, ::",
            "::, ::",
            "2001:db8::, 2001:db8::",
            "1:2:3:4:5:6:7:8, 1:2:3::",
            "0:0:1::, 0:0:1::",
            "1:0:0:0:0:0:0:0, 1::",
            "64:ff9b::192.0.2.33, 64:ff9b::"
    })
    void truncatesIpv6ToSlash48InCompressedForm(String address, String expected) {
        assertThat(IpPrefixes.truncate(address)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "::ffff:192.168.17.42, 192.168.17.0",
            "::FFFF:c0a8:112a, 192.168.17.0",
            "0:0:0:0:0:ffff:10.1.2.3, 10.1.2.0"
    })
    void treatsIpv4MappedIpv6AsIpv4(String address, String expected) {
        assertThat(IpPrefixes.truncate(address)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "localhost", "example.org", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.04", "01.2.3.4",
            "1.2.3.4 ", " 1.2.3.4", "1..2.3", "1.2.3.4/24", "+1.2.3.4", "1.2.3.-4",
            ":::", "1:::2", "1::2::3", ":1::", "1::2:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
            "12345::", "g::1", "1:2:3:4:5:6:7::8", "::1%", "%eth0", "1.2.3.4::", "::1.2.3",
            "1:2:3:4:5:6:7:1.2.3.4", "[::1]", "user-4711", "1.2.3.4:80", "010.1.2.3", "10.0.0.0/8"
    })
    void rejectsWhatIsNotAnIpLiteral(String text) {
        assertThat(IpPrefixes.truncate(text)).isNull();
    }

    @Test
    void truncatesConfiguredFieldsAndRemovesNonAddresses() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.ip, attributes.peer, attributes.port, source.device"));
        TelemetryEvent event = Events.event(Map.of("ip", "192.168.17.42", "peer", "host.example.org", "port", 8080, "os", "linux"));

        TelemetryEvent result = step.apply(event);

        assertThat(result.attributes()).isEqualTo(Map.of("ip", "192.168.17.0", "os", "linux"));
        assertThat(result.source().device()).isNull();
    }

    @Test
    void truncatesEachAddressInAListAndDropsTheRest() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.addresses"));
        TelemetryEvent event = Events.event(Map.of("addresses", List.of("10.1.2.3", "nope", "2001:db8:abcd:12::1", 7)));

        assertThat(step.apply(event).attributes())
                .isEqualTo(Map.of("addresses", List.of("10.1.2.0", "2001:db8:abcd::")));
    }

    @Test
    void returnsSameEventWhenAlreadyTruncated() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "attributes.ip"));
        TelemetryEvent event = Events.event(Map.of("ip", "10.1.2.0"));

        assertThat(step.apply(event)).isSameAs(event);
    }

    @Test
    void requiresFields() {
        assertThatThrownBy(() -> anonymizer.configure(Map.of()))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("ip-truncate: parameter 'fields' is required");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("fields", "attributes.")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("unknown field path");
    }
}
