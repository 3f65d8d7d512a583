package org.homeport.sink.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyFilesTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-23");
    private static final Instant WRITTEN_AT = Instant.parse("2026-11-23T23:59:30Z");

    @TempDir
    Path dir;

    @Test
    void closesPastDayFilesOnceIdleAndSendsLateLinesToANewFile() throws Exception {
        DailyFiles files = new DailyFiles(dir, 1 << 20, true);
        files.append("p", DAY, "t", "a", line("a"), WRITTEN_AT);
        files.flushAll();

        files.closeIdle(DAY, WRITTEN_AT.plus(Duration.ofHours(1)));
        assertThat(files.openFileCount()).as("today's file stays open").isEqualTo(1);
        files.closeIdle(DAY.plusDays(1), WRITTEN_AT.minusSeconds(1));
        assertThat(files.openFileCount()).as("recently used file stays open").isEqualTo(1);
        files.closeIdle(DAY.plusDays(1), WRITTEN_AT.plusSeconds(1));
        assertThat(files.openFileCount()).isZero();

        files.append("p", DAY, "t", "late", line("late"), WRITTEN_AT.plusSeconds(120));
        files.flushAll();
        files.closeAll();

        assertThat(Files.readString(dir.resolve("p/2026-11-23.jsonl"))).isEqualTo("a\n");
        assertThat(Files.readString(dir.resolve("p/2026-11-23.1.jsonl"))).isEqualTo("late\n");
    }

    @Test
    void recognisesOnlyItsOwnFileNames() {
        assertThat(DailyFiles.dayOf("2026-11-23.jsonl")).isEqualTo(DAY);
        assertThat(DailyFiles.dayOf("2026-11-23.12.jsonl")).isEqualTo(DAY);
        assertThat(DailyFiles.dayOf("2026-11-23.jsonl.tmp")).isNull();
        assertThat(DailyFiles.dayOf("2026-13-45.jsonl")).isNull();
        assertThat(DailyFiles.dayOf("notes.txt")).isNull();
        assertThat(DailyFiles.fileName(DAY, 0)).isEqualTo("2026-11-23.jsonl");
        assertThat(DailyFiles.fileName(DAY, 2)).isEqualTo("2026-11-23.2.jsonl");
    }

    @Test
    void listsDayFilesInTheOrderTheyWereWrittenAndOnlySafePurposeDirectories() throws Exception {
        for (String name : List.of("2026-11-24.jsonl", "2026-11-23.10.jsonl", "2026-11-23.2.jsonl", "2026-11-23.jsonl",
                "notes.txt", ".2026-11-23.jsonl.erasing", "2026-13-45.jsonl")) {
            Files.createDirectories(dir.resolve("p"));
            Files.writeString(dir.resolve("p").resolve(name), "{}\n");
        }
        Files.createDirectories(dir.resolve("Not-A-Purpose"));
        Files.createDirectories(dir.resolve("a-purpose"));
        Files.writeString(dir.resolve("stray.jsonl"), "{}\n");
        DailyFiles files = new DailyFiles(dir, 1 << 20, true);

        assertThat(files.dayFiles("p")).extracting(path -> path.getFileName().toString())
                .containsExactly("2026-11-23.jsonl", "2026-11-23.2.jsonl", "2026-11-23.10.jsonl", "2026-11-24.jsonl");
        assertThat(files.dayFiles("missing")).isEmpty();
        assertThat(files.purposes()).containsExactly("a-purpose", "p");
    }

    @Test
    void finishingAPurposeClosesOnlyItsFilesAndItsNextLineStartsANewFile() throws Exception {
        DailyFiles files = new DailyFiles(dir, 1 << 20, true);
        files.append("p", DAY, "t", "a", line("a"), WRITTEN_AT);
        files.append("q", DAY, "t", "b", line("b"), WRITTEN_AT);
        files.flushAll();

        files.finishPurpose("p");
        assertThat(files.openFileCount()).isEqualTo(1);
        files.append("p", DAY, "t", "c", line("c"), WRITTEN_AT);
        files.flushAll();
        files.closeAll();

        assertThat(Files.readString(dir.resolve("p/2026-11-23.jsonl"))).isEqualTo("a\n");
        assertThat(Files.readString(dir.resolve("p/2026-11-23.1.jsonl"))).isEqualTo("c\n");
    }

    @Test
    void forgetsTheIdsOfEveryFileItClosesSoTheBoundCountsOnlyOpenFiles() throws Exception {
        DailyFiles files = new DailyFiles(dir, 3, true);
        files.append("p", DAY, "t", "a", line("a"), WRITTEN_AT);
        files.append("q", DAY, "t", "b", line("b"), WRITTEN_AT);
        assertThat(files.rememberedIds()).isEqualTo(2);

        files.append("p", DAY, "t", "c", line("c"), WRITTEN_AT);
        assertThat(files.rememberedIds()).as("p rotated by size: only c is remembered for p").isEqualTo(2);
        files.flushAll();
        files.finishPurpose("p");
        assertThat(files.rememberedIds()).isEqualTo(1);
        files.closeIdle(DAY.plusDays(1), WRITTEN_AT.plusSeconds(1));
        assertThat(files.rememberedIds()).isZero();
        files.closeAll();

        assertThat(Files.readString(dir.resolve("p/2026-11-23.jsonl"))).isEqualTo("a\n");
        assertThat(Files.readString(dir.resolve("p/2026-11-23.1.jsonl"))).isEqualTo("c\n");
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
