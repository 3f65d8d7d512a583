package org.homeport.sink.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsToEventsDirectoryUnderKarafData() {
        Settings settings = Settings.from(config("file", "", 67108864L, "batch", 1024), "/opt/homeport/data");

        assertThat(settings.name()).isEqualTo("file");
        assertThat(settings.directory()).isEqualTo(Paths.get("/opt/homeport/data/homeport/events"));
        assertThat(settings.rotateBytes()).isEqualTo(67108864L);
        assertThat(settings.fsyncBatch()).isTrue();
        assertThat(settings.queueCapacity()).isEqualTo(1024);
        assertThat(settings.dedupeMaxIds()).isEqualTo(200_000L);
        assertThat(settings.dedupeMaxBytes()).isEqualTo(32L * 1024 * 1024);
    }

    @Test
    void fallsBackToDotDataWithoutKarafData() {
        Settings settings = Settings.from(config("file", "", 1, "batch", 1), null);

        assertThat(settings.directory()).isEqualTo(Paths.get("data/homeport/events").toAbsolutePath());
    }

    @Test
    void resolvesRelativeDirectoriesAgainstKarafDataAndKeepsAbsoluteOnes() {
        assertThat(Settings.from(config("a", "archive/../events2", 1, "never", 1), "/srv/data").directory())
                .isEqualTo(Paths.get("/srv/data/events2"));
        Path absolute = Paths.get("/var/lib/homeport").toAbsolutePath();
        assertThat(Settings.from(config("a", absolute.toString(), 1, " Never ", 1), "/srv/data"))
                .satisfies(s -> assertThat(s.directory()).isEqualTo(absolute))
                .satisfies(s -> assertThat(s.fsyncPolicy()).isEqualTo("never"));
    }

    @Test
    void refusesInvalidValuesNamingTheKey() {
        assertThatThrownBy(() -> Settings.from(config("a", "", 1, "always", 1), "/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fsync must be 'batch' or 'never'");
        assertThatThrownBy(() -> Settings.from(config("a", "", 0, "batch", 1), "/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rotate.bytes");
        assertThatThrownBy(() -> Settings.from(config("a", "", 1, "batch", 0), "/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queue.capacity");
        assertThatThrownBy(() -> Settings.from(config(" ", "", 1, "batch", 1), "/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("homeport.sink.name");
        assertThatThrownBy(() -> Settings.from(config("a", "", 1, "batch", 1, 0, 1024), "/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dedupe.max.ids");
        assertThatThrownBy(() -> Settings.from(config("a", "", 1, "batch", 1, 100_000_001, 1024), "/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dedupe.max.ids");
        assertThatThrownBy(() -> Settings.from(config("a", "", 1, "batch", 1, 1, 0), "/d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dedupe.max.bytes");
    }

    private static FileSink.Config config(String name, String directory, long rotateBytes, String fsync, int capacity) {
        return config(name, directory, rotateBytes, fsync, capacity, 200_000L, 32L * 1024 * 1024);
    }

    private static FileSink.Config config(String name, String directory, long rotateBytes, String fsync, int capacity,
            long dedupeMaxIds, long dedupeMaxBytes) {
        return new FileSink.Config() {
            @Override
            public String homeport_sink_name() {
                return name;
            }

            @Override
            public String directory() {
                return directory;
            }

            @Override
            public long rotate_bytes() {
                return rotateBytes;
            }

            @Override
            public String fsync() {
                return fsync;
            }

            @Override
            public int queue_capacity() {
                return capacity;
            }

            @Override
            public long dedupe_max_ids() {
                return dedupeMaxIds;
            }

            @Override
            public long dedupe_max_bytes() {
                return dedupeMaxBytes;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return FileSink.Config.class;
            }
        };
    }
}
