package org.homeport.consent.internal.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2PolicyVersionStoreTest extends PolicyVersionStoreContract {
    @TempDir
    Path directory;

    @Override
    StoreDatabase createDatabase() {
        return new H2StoreDatabase(directory.resolve("consent"));
    }
}
