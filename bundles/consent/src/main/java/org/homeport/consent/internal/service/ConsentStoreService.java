package org.homeport.consent.internal.service;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.homeport.consent.internal.store.ConsentStore;
import org.homeport.consent.internal.store.JdbcConsentStore;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * or PostgreSQL) and offers it to the rest of the bundle as a {@link StoreHolder} once it is open.
 * A PostgreSQL that does not answer at start is tried again every {@code reconnect.seconds}, so the
 * node recovers on its own when the database comes back (until then events that need a recorded
 * choice are held back, and {@code /health} says so). A configuration change reopens it.
 */
// Registered by hand once the store is open, so it is declared here for resolvers that check service requirements.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.homeport.consent.internal.service.StoreHolder\"")
@Component(service = {}, configurationPid = ConsentStoreService.PID, immediate = true)
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

        @AttributeDefinition(name = "Reconnect interval (seconds)",
                description = "PostgreSQL only: how often the store is tried again while the database does not answer at start",
                min = "1")
        int reconnect_seconds() default 10;

        @AttributeDefinition(name = "Controller", description = "The controller named in consent receipts and the record of processing")
        String controller_name() default "Example Corp.";

        @AttributeDefinition(name = "Controller contact", description = "How subjects reach the controller (e-mail or address)")
        String controller_contact() default "privacy@example.org";
    }

    private final Config config;
    private final BundleContext context;
    private final ScheduledExecutorService reconnect;
    private volatile ConsentStore store;
    private ServiceRegistration<StoreHolder> registration;
    private boolean closed;
    /** Only touched on the reconnect thread. */
    private int failedAttempts;

    /** Opens the store now, or fails: for tests, which want an open store or an exception. */
    public ConsentStoreService(Config config) {
        this.config = config;
        this.context = null;
        this.reconnect = null;
        this.store = open(config);
    }

    @Activate
    public ConsentStoreService(BundleContext context, Config config) {
        this.config = config;
        this.context = context;
        if (!"postgresql".equals(config.store())) {
            this.reconnect = null;
            this.store = open(config);
            register();
            return;
        }
        requirePostgresqlUrl(config);
        this.reconnect = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "homeport-consent-store-open");
            thread.setDaemon(true);
            return thread;
        });
        reconnect.execute(this::tryToOpen);
    }

    /** One attempt to open PostgreSQL; the next comes after the interval until one succeeds. */
    private void tryToOpen() {
        try {
            ConsentStore opened = open(config);
            synchronized (this) {
                if (closed) {
                    opened.close();
                    return;
                }
                store = opened;
            }
            register();
        } catch (RuntimeException e) {
            if (failedAttempts++ % 30 == 0) { // the first, then about every 5 minutes at the default interval
                LOG.warn("Consent store: PostgreSQL at {} cannot be opened ({}); trying again every {} s; until then "
                        + "events that need a recorded choice are held back", withoutParameters(config.jdbc_url()),
                        e.getMessage(), Math.max(1, config.reconnect_seconds()));
            }
            synchronized (this) {
                if (!closed) {
                    reconnect.schedule(this::tryToOpen, Math.max(1, config.reconnect_seconds()), TimeUnit.SECONDS);
                }
            }
        }
    }

    private synchronized void register() {
        if (!closed && context != null) {
            registration = context.registerService(StoreHolder.class, this, new Hashtable<>());
        }
    }

    private static ConsentStore open(Config config) {
        if ("postgresql".equals(config.store())) {
            requirePostgresqlUrl(config);
            ConsentStore opened = JdbcConsentStore.postgresql(config.jdbc_url(), config.jdbc_user(), config.jdbc_password(),
                    config.pool_size());
            LOG.info("Consent store: PostgreSQL at {}", withoutParameters(config.jdbc_url()));
            return opened;
        }
        Path file = Paths.get(config.h2_file());
        if (!file.isAbsolute()) {
            file = Paths.get(System.getProperty("karaf.data", "data")).resolve(file);
        }
        ConsentStore opened = JdbcConsentStore.h2(file, config.pool_size());
        LOG.info("Consent store: embedded H2 in {}", file);
        return opened;
    }

    private static void requirePostgresqlUrl(Config config) {
        if (config.jdbc_url().isBlank()) {
            throw new IllegalArgumentException("store = postgresql needs jdbc.url in etc/" + PID + ".cfg");
        }
    }

    /** The URL without its query, which may carry a password. */
    private static String withoutParameters(String url) {
        return url.replaceAll("\\?.*", "");
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
        ConsentStore open;
        synchronized (this) {
            closed = true;
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
            open = store;
        }
        if (reconnect != null) {
            reconnect.shutdownNow();
        }
        if (open != null) {
            open.close();
        }
    }
}
