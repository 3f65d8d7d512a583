package org.homeport.consent.internal.service;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.store.JdbcConsentStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the consent store the configuration names (embedded H2 under {@code data/} by default,
 * or PostgreSQL) and offers it to the rest of the bundle. A configuration change reopens it.
 */
@Component(service = StoreHolder.class, configurationPid = ConsentStoreService.PID, immediate = true)
@Designate(ocd = ConsentStoreService.Config.class)
public class ConsentStoreService implements StoreHolder {
    public static final String PID = "org.homeport.consent";
    /** 32 MiB: the 200,000 default entries with typical ids (about 150 bytes each) fit. */
    public static final long DEFAULT_CACHE_BYTES = 32L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ConsentStoreService.class);

    @ObjectClassDefinition(name = "Homeport consent store",
            description = "Where policies' versions, consent records and the audit trail are kept")
    public @interface Config {
        @AttributeDefinition(name = "Store", description = "h2: an embedded database file under data/ (one node); "
                + "postgresql: a shared PostgreSQL (several nodes)",
                options = {@Option(value = "h2", label = "Embedded H2"), @Option(value = "postgresql", label = "PostgreSQL")})
        String store() default "h2";

        @AttributeDefinition(name = "H2 file", description = "Database file without suffix; relative paths resolve against ${karaf.data}")
        String h2_file() default "homeport/consent/consent";

        @AttributeDefinition(name = "PostgreSQL JDBC URL", description = "e.g. jdbc:postgresql://db.example.org:5432/homeport")
        String jdbc_url() default "";

        @AttributeDefinition(name = "PostgreSQL user")
        String jdbc_user() default "homeport";

        @AttributeDefinition(name = "PostgreSQL password", type = AttributeType.PASSWORD)
        String jdbc_password() default "";

        @AttributeDefinition(name = "Connections", description = "Size of the connection pool")
        int pool_size() default 8;

        @AttributeDefinition(name = "Cached consent states",
                description = "How many (tenant, subject, purpose) states the gate keeps in memory; the rest are looked up")
        int cache_entries() default 200_000;

        @AttributeDefinition(name = "Cached consent states (bytes)",
                description = "The most heap the cached states may take, estimated from each entry's tenant, subject and "
                        + "purpose; whichever of this and the entry count is reached first evicts the least recently used")
        long cache_bytes() default DEFAULT_CACHE_BYTES;

        @AttributeDefinition(name = "Change poll interval (ms)",
                description = "PostgreSQL only: how often this node looks for consent changes other nodes made")
        long poll_interval_ms() default 1000;

        @AttributeDefinition(name = "Controller", description = "The controller named in consent receipts and the record of processing")
        String controller_name() default "Example Corp.";

        @AttributeDefinition(name = "Controller contact", description = "How subjects reach the controller (e-mail or address)")
        String controller_contact() default "privacy@example.org";
    }

    private final ConsentStore store;
    private final Config config;

    @Activate
    public ConsentStoreService(Config config) {
        this.config = config;
        if ("postgresql".equals(config.store())) {
            if (config.jdbc_url().isBlank()) {
                throw new IllegalArgumentException("store = postgresql needs jdbc.url in etc/" + PID + ".cfg");
            }
            store = JdbcConsentStore.postgresql(config.jdbc_url(), config.jdbc_user(), config.jdbc_password(),
                    config.pool_size());
            LOG.info("Consent store: PostgreSQL at {}", config.jdbc_url().replaceAll("\\?.*", ""));
        } else {
            Path file = Paths.get(config.h2_file());
            if (!file.isAbsolute()) {
                file = Paths.get(System.getProperty("karaf.data", "data")).resolve(file);
            }
            store = JdbcConsentStore.h2(file, config.pool_size());
            LOG.info("Consent store: embedded H2 in {}", file);
        }
    }

    @Override
    public ConsentStore store() {
        return store;
    }

    @Override
    public Config config() {
        return config;
    }

    @Deactivate
    void deactivate() {
        store.close();
    }
}
