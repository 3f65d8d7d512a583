package org.homeport.aggregate.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    @Test
    void defaultsFollowTheMetatype() {
        Settings settings = Settings.from(config("viewing-aggregates", "attributes.programme", "PT1H", 10, "PT5M",
                "file"), "/opt/homeport/data");

        assertThat(settings.name()).isEqualTo("viewing-aggregates");
        assertThat(settings.groupByText()).containsExactly("attributes.programme");
        assertThat(settings.window()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.k()).isEqualTo(10);
        assertThat(settings.grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.emitSinks()).containsExactly("file");
        assertThat(settings.emitType()).isEqualTo("viewing-aggregates.aggregate");
        assertThat(settings.stateDir()).isEqualTo(Paths.get("/opt/homeport/data/homeport/aggregates/viewing-aggregates"));
        assertThat(settings.queueCapacity()).isEqualTo(1024);
        assertThat(settings.bounds()).isEqualTo(new Settings.StateBounds(50_000, 32L * 1024 * 1024));
        assertThat(settings.peopleBy()).isEqualTo(Settings.PeopleBy.SUBJECT);
        assertThat(settings.exactPeople()).isEqualTo(32);
        assertThat(settings.tickPeriod()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsListsWhetherOneCommaSeparatedStringOrAnArray() {
        KAnonymousAggregator.Config config = new TestConfig("a", new String[] {"attributes.programme, attributes.channel", " source.version "},
                "1h", 10, "5m", new String[] {"file, archive", "file"}, "", "", 16);

        Settings settings = Settings.from(config, null);

        assertThat(settings.groupByText()).containsExactly("attributes.programme", "attributes.channel", "source.version");
        assertThat(settings.emitSinks()).containsExactly("file", "archive");
        assertThat(settings.stateDir()).isEqualTo(Paths.get("data/homeport/aggregates/a").toAbsolutePath());
    }

    @ParameterizedTest
    @CsvSource({"1h, PT1H", "15m, PT15M", "30s, PT30S", "1d, PT24H", "pt2h, PT2H", "P1D, PT24H"})
    void acceptsIsoAndShorthandDurations(String text, String expected) {
        assertThat(Settings.duration("window", text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void closesWindowsOftenEnoughButNotTooOften() {
        assertThat(Settings.from(config("a", "", "1s", 2, "0", "file"), "/d").tickPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(Settings.from(config("a", "", "30s", 2, "0", "file"), "/d").tickPeriod()).isEqualTo(Duration.ofSeconds(3));
        assertThat(Settings.from(config("a", "", "1d", 2, "0", "file"), "/d").tickPeriod()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"subject", "source.device", "attributes.programme, subject"})
    void refusesToGroupByIdentity(String groupBy) {
        assertThatThrownBy(() -> Settings.from(config("a", groupBy, "1h", 10, "5m", "file"), "/d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("group.by must not contain")
                .hasMessageContaining("defeats the purpose");
    }

    @Test
    void refusesInvalidValuesNamingTheSetting() {
        assertRefused(config("a", "attributes.x", "1h", 1, "5m", "file"), "k must be at least 2, was 1");
        assertRefused(config("a", "attributes.x", "1h", 10_001, "5m", "file"), "k must be at most 10000, was 10001");
        assertRefused(config("a", "attributes.x", "1h", 10, "5m", ""), "emit.sinks is required");
        assertRefused(new TestConfig("a", new String[0], "1h", 10, "5m", null, "", "", 16), "emit.sinks is required");
        assertRefused(config("a", "attributes.x", "1h", 10, "5m", "file, a"), "emit.sinks must not name this aggregator");
        assertRefused(config("a", "attributes.x", "an hour", 10, "5m", "file"), "window: not a duration: 'an hour'");
        assertRefused(config("a", "attributes.x", "1x", 10, "5m", "file"), "window: not a duration: '1x'");
        assertRefused(config("a", "attributes.x", "", 10, "5m", "file"), "window is required");
        assertRefused(config("a", "attributes.x", "500ms", 10, "5m", "file"), "window: not a duration");
        assertRefused(config("a", "attributes.x", "PT0.5S", 10, "5m", "file"), "window must be at least 1s");
        assertRefused(config("a", "attributes.x", "1h", 10, "soon", "file"), "grace: not a duration: 'soon'");
        assertRefused(config("a", "attributes.x", "1h", 10, "PT-5M", "file"), "grace: not a duration: 'PT-5M'");
        assertRefused(config("a", "attributes.x", "1h", 10, "5m", "file"), null);
        assertRefused(config("a", "programme", "1h", 10, "5m", "file"), "group.by: unknown field path 'programme'");
        assertRefused(config("a", "attributes.x, attributes.x", "1h", 10, "5m", "file"), "group.by names a field twice");
        assertRefused(config(null, "attributes.x", "1h", 10, "5m", "file"), "homeport.sink.name is required");
        assertRefused(config("../etc", "attributes.x", "1h", 10, "5m", "file"), "homeport.sink.name '../etc' must be");
        assertRefused(new TestConfig("a", new String[] {"attributes.x"}, "1h", 10, "5m", new String[] {"file"}, "", "", 0),
                "queue.capacity must be positive");
        assertRefused(new TestConfig("a", new String[] {"attributes.x"}, "1h", 10, "5m", new String[] {"file"}, "", "", 16,
                0, 1024), "max.groups must be positive");
        assertRefused(new TestConfig("a", new String[] {"attributes.x"}, "1h", 10, "5m", new String[] {"file"}, "", "", 16,
                10, -1), "max.bytes must be positive");
    }

    @Test
    void countsSubjectsOrDevicesAndExactlyUpToAtLeastK() {
        assertThat(Settings.from(withPeopleBy("source.device", 10), "/d").peopleBy()).isEqualTo(Settings.PeopleBy.DEVICE);
        assertThat(Settings.from(withPeopleBy("device", 10), "/d").peopleBy()).isEqualTo(Settings.PeopleBy.DEVICE);
        assertThat(Settings.from(withPeopleBy(" subject ", 10), "/d").peopleBy()).isEqualTo(Settings.PeopleBy.SUBJECT);
        assertThat(Settings.from(withPeopleBy("", 10), "/d").peopleBy()).isEqualTo(Settings.PeopleBy.SUBJECT);
        assertThat(Settings.from(withPeopleBy("subject", 100), "/d").exactPeople()).isEqualTo(100);
        assertRefused(withPeopleBy("events", 10), "people.by must be subject or source.device");
        assertRefused(withPeopleBy("subject\u001b[2J", 10), "people.by must be subject or source.device");
    }

    private static KAnonymousAggregator.Config withPeopleBy(String peopleBy, int k) {
        return new TestConfig("a", new String[] {"attributes.x"}, "1h", k, "5m", new String[] {"file"}, "", "", 16,
                50_000, 1024, peopleBy);
    }

    private static void assertRefused(KAnonymousAggregator.Config config, String message) {
        if (message == null) {
            assertThat(Settings.from(config, "/d")).isNotNull();
            return;
        }
        assertThatThrownBy(() -> Settings.from(config, "/d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    static KAnonymousAggregator.Config config(String name, String groupBy, String window, int k, String grace,
                                              String emitSinks) {
        return new TestConfig(name, new String[] {groupBy}, window, k, grace, new String[] {emitSinks}, "", "", 1024);
    }

    /** The configuration as Declarative Services would hand it over. */
    record TestConfig(String homeport_sink_name, String[] group_by, String window, int k, String grace,
                  String[] emit_sinks, String emit_type, String state_dir, int queue_capacity, int max_groups,
                  long max_bytes, String people_by)
            implements KAnonymousAggregator.Config {
        TestConfig(String homeport_sink_name, String[] group_by, String window, int k, String grace,
                   String[] emit_sinks, String emit_type, String state_dir, int queue_capacity) {
            this(homeport_sink_name, group_by, window, k, grace, emit_sinks, emit_type, state_dir, queue_capacity,
                    50_000, 32L * 1024 * 1024);
        }

        TestConfig(String homeport_sink_name, String[] group_by, String window, int k, String grace,
                   String[] emit_sinks, String emit_type, String state_dir, int queue_capacity, int max_groups,
                   long max_bytes) {
            this(homeport_sink_name, group_by, window, k, grace, emit_sinks, emit_type, state_dir, queue_capacity,
                    max_groups, max_bytes, "subject");
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return KAnonymousAggregator.Config.class;
        }
    }
}
