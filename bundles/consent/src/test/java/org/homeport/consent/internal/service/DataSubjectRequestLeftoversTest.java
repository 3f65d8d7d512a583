package org.homeport.consent.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash in the middle of an export leaves personal data in the working directory; the next start removes it. */
class DataSubjectRequestLeftoversTest {
    @TempDir
    Path work;

    @Test
    void startingRemovesExportWorkingFilesLeftByACrash() throws Exception {
        Path exportDir = Files.createDirectories(work.resolve("export-1b2c/events"));
        Files.writeString(exportDir.resolve("file.jsonl"), "{\"subject\":\"user-4711\"}\n");
        Files.writeString(work.resolve("export-9f8e.zip"), "PK");
        Path deviceDir = Files.createDirectories(work.resolve("device-77aa"));
        Files.writeString(deviceDir.resolve("file.jsonl"), "{\"source\":{\"device\":\"d-1\"}}\n");
        Path unrelated = Files.writeString(work.resolve("README.txt"), "not ours");

        new DataSubjectRequestService(null, null, null, null, null, null, null, work);

        try (var left = Files.list(work)) {
            assertThat(left).containsExactly(unrelated);
        }
    }

    @Test
    void aMissingWorkDirectoryIsNoProblem() {
        new DataSubjectRequestService(null, null, null, null, null, null, null, work.resolve("never-made"));

        assertThat(work.resolve("never-made")).doesNotExist();
    }
}
