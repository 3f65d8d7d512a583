package org.homeport.consent.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ConsentStoreTest extends ConsentStoreContract {
    @TempDir
    Path directory;

    @Override
    StoreDatabase createDatabase() {
        return new H2StoreDatabase(directory.resolve("consent"));
    }

    @Test
    void theDatabaseIsTheGivenFileWithH2sSuffix() {
        assertThat(directory.resolve("consent.mv.db")).isRegularFile();
    }
}
