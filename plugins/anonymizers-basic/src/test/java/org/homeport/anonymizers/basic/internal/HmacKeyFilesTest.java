package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmacKeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNewKeysDirectoryEntryIsForcedOnceTheKeyFileIsInPlace() throws Exception {
        List<String> forced = new ArrayList<>();
        KeyId id = KeyId.parse("k20261103");
        HmacKeyFiles files = new HmacKeyFiles(dir, directory -> forced.add(directory + " holds key: "
                + Files.exists(directory.resolve("k20261103.key"))));

        files.createIfMissing(id);

        assertThat(forced).containsExactly(dir.toAbsolutePath() + " holds key: true");
    }

    @Test
    void destroyingAKeyForcesItsDirectoryToo() throws Exception {
        List<Path> forced = new ArrayList<>();
        KeyId id = KeyId.parse("k20261103");
        HmacKeyFiles files = new HmacKeyFiles(dir, forced::add);
        files.createIfMissing(id);
        forced.clear();

        files.destroy(id);

        assertThat(forced).containsExactly(dir.toAbsolutePath());
        assertThat(dir.resolve("k20261103.key")).doesNotExist();
    }

    @Test
    void theRealDirectorySyncWorksOnThisPlatform() throws Exception {
        HmacKeyFiles files = new HmacKeyFiles(dir);

        files.createIfMissing(KeyId.parse("k20261103"));

        assertThat(files.readAll()).hasSize(1);
    }
}
