package org.homeport.receiver.syslog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

class SyslogMappingTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private final SyslogParser parser = new SyslogParser(4096, 8, 16);
    private final SyslogMapping mapping = SyslogMapping.parse(
            List.of("sd:homeport@32473#kind=login -> device.login/security", "sd:homeport@32473 -> device.log/diagnostics",
                    "app-name:sshd -> ssh.log/security", "facility:auth -> auth.log/security"),
            List.of("message=msg", "level=severity", "pid=proc-id", "model=sd:homeport@32473#model"),
            "sd:homeport@32473#subject", "syslog", () -> "id-1");

    private TelemetryEvent map(String text) throws MalformedMessageException {
        return mapping.map(parser.parse(text.getBytes(StandardCharsets.UTF_8), NOW), "acme", NOW);
    }

    @Test
    void structuredDataSelectsTypeAndPurposeAndNamesTheSubject() throws Exception {
        TelemetryEvent event = map("<14>1 2026-12-04T11:00:00Z printer-7 fw 42 - "
                + "[homeport@32473 subject=\"alice\" model=\"X1\"] paper jam, mail bob@example.org");
        assertThat(event.id()).isEqualTo("id-1");
        assertThat(event.tenant()).isEqualTo("acme");
        assertThat(event.type()).isEqualTo("device.log");
        assertThat(event.purpose()).isEqualTo("diagnostics");
        assertThat(event.subject()).isEqualTo("alice");
        assertThat(event.source().product()).isEqualTo("fw");
        assertThat(event.source().device()).isEqualTo("printer-7");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-12-04T11:00:00Z"));
        assertThat(event.receivedAt()).isEqualTo(NOW);
        assertThat(event.attributes()).containsEntry("message", "paper jam, mail bob@example.org")
                .containsEntry("level", "info").containsEntry("pid", "42").containsEntry("model", "X1").hasSize(4);
    }

    @Test
    void rulesMatchInOrder() throws Exception {
        assertThat(map("<14>1 - h fw - - [homeport@32473 kind=\"login\"] x").type()).isEqualTo("device.login");
        assertThat(map("<14>1 - h sshd - - - x").type()).isEqualTo("ssh.log");
        TelemetryEvent auth = map("<34>Dec  4 11:00:00 host login: failed");
        assertThat(auth.type()).isEqualTo("auth.log");
        assertThat(auth.subject()).isNull();
        assertThat(auth.source().product()).isEqualTo("login");
        assertThat(auth.attributes()).containsOnlyKeys("message", "level");
        TelemetryEvent noApp = SyslogMapping.parse(List.of("* -> any/p"), List.of(), "", "box", () -> "i")
                .map(parser.parse("<13>hello".getBytes(StandardCharsets.UTF_8), NOW), "t", NOW);
        assertThat(noApp.source().product()).isEqualTo("box");
        assertThat(noApp.occurredAt()).isEqualTo(NOW);
    }

    @Test
    void aMessageNoRuleMatchesIsUnmapped() {
        assertThatThrownBy(() -> map("<14>1 - h other - - - x"))
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo("unmapped");
    }

    @Test
    void aSubjectThatCannotBeAnIdentifierIsRefused() {
        assertThatThrownBy(() -> map("<14>1 - h fw - - [homeport@32473 subject=\" alice\"] x"))
                .extracting(e -> ((MalformedMessageException) e).reason()).isEqualTo("bad-identifier");
    }

    @Test
    void wrongConfigurationIsRefusedByEntry() {
        assertThatThrownBy(() -> SyslogMapping.parse(List.of("app-name:x"), List.of(), "", "p", () -> "i"))
                .hasMessageContaining("'app-name:x'");
        assertThatThrownBy(() -> SyslogMapping.parse(List.of("host:x -> t/p"), List.of(), "", "p", () -> "i"))
                .hasMessageContaining("selector");
        assertThatThrownBy(() -> SyslogMapping.parse(List.of("facility:nope -> t/p"), List.of(), "", "p", () -> "i"))
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> SyslogMapping.parse(List.of("* -> t"), List.of(), "", "p", () -> "i"))
                .hasMessageContaining("type/purpose");
        assertThatThrownBy(() -> SyslogMapping.parse(List.of(), List.of("m=body"), "", "p", () -> "i"))
                .hasMessageContaining("'body'");
        assertThatThrownBy(() -> SyslogMapping.parse(List.of(), List.of(), "sd:x", "p", () -> "i"))
                .hasMessageContaining("'sd:x'");
    }
}
