package org.homeport.sink.elasticsearch.internal;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.health.Dependency;
import org.homeport.api.health.DependencyState;
import org.homeport.api.sink.RetentionCapable;
import org.homeport.api.sink.RetentionResult;
import org.homeport.api.sink.Sink;
import org.homeport.api.sink.SubjectDataCapable;
import org.homeport.api.sink.SubjectQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores events in Elasticsearch, one document per event ({@code _id} = event id) in one index per
 * tenant, purpose and day, one sink per factory configuration {@code org.homeport.sink.elasticsearch~<name>}.
 * Writes go through {@link BulkWriter}; retention deletes whole daily indices; data-subject export and
 * erasure search over a point in time and delete by id (the bare server has no {@code _delete_by_query}).
 * It is also a {@link Dependency}: {@code /health} shows whether the cluster answers.
 */
@Component(
        service = {Sink.class, RetentionCapable.class, SubjectDataCapable.class, Dependency.class},
        configurationPid = ElasticsearchSink.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // Each write is its own bulk request(s) with deterministic ids: a few in flight keep the connection busy.
        property = {Sink.NAME_PROPERTY + "=elasticsearch", Sink.CONCURRENT_WRITES_PROPERTY + ":Integer=4"})
@Designate(ocd = ElasticsearchSink.Config.class, factory = true)
public class ElasticsearchSink implements Sink, RetentionCapable, SubjectDataCapable, Dependency {
    static final String PID = "org.homeport.sink.elasticsearch";
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSink.class);
    /** Hits per page of an export or erase scan, and documents per delete request. */
    static final int PAGE = 1000;

    @ObjectClassDefinition(name = "Homeport Elasticsearch sink",
            description = "Writes events to Elasticsearch with the bulk API: one document per event (_id = event id), "
                    + "one index per tenant, purpose and day.")
    public @interface Config {
        @AttributeDefinition(name = "Sink name", description = "The name pipelines select this sink by (service property homeport.sink.name).")
        String homeport_sink_name() default "elasticsearch";

        @AttributeDefinition(name = "Hosts", description = "Elasticsearch nodes, http(s)://host:port, several separated by commas; "
                + "requests are spread over them and a node that fails is skipped for a while.")
        String[] hosts() default {"http://127.0.0.1:9200"};

        @AttributeDefinition(name = "Index pattern", description = "Index name per event: {tenant}, {purpose} and a date "
                + "format of the day the event was received (UTC), e.g. {yyyy.MM.dd}; each exactly once.")
        String index_pattern() default "homeport-{tenant}-{purpose}-{yyyy.MM.dd}";

        @AttributeDefinition(name = "Index template name", description = "The composable index template the sink installs "
                + "for its indices. Empty: homeport-<sink name>.")
        String template_name() default "";

        @AttributeDefinition(name = "Shards per index", description = "index.number_of_shards of new indices.")
        int index_shards() default 1;

        @AttributeDefinition(name = "Replicas per index", description = "index.number_of_replicas of new indices (0 on a single node).")
        int index_replicas() default 1;

        @AttributeDefinition(name = "Fields per index", description = "index.mapping.total_fields.limit; attribute fields "
                + "beyond it are kept in _source but not indexed.")
        int index_fields_limit() default 1000;

        @AttributeDefinition(name = "Attribute mapping", description = "dynamic: attribute fields are indexed as they come "
                + "(strings as keyword), bounded by the fields limit; none: attributes are stored but not indexed.",
                options = {@Option(label = "dynamic", value = "dynamic"), @Option(label = "none", value = "none")})
        String attributes_mapping() default "dynamic";

        @AttributeDefinition(name = "User name", description = "Basic authentication user; empty for none.")
        String username() default "";

        @AttributeDefinition(name = "Password file", description = "File holding the basic authentication password "
                + "(relative to ${karaf.etc}).")
        String password_file() default "";

        @AttributeDefinition(name = "API key file", description = "File holding an Elasticsearch API key, the encoded "
                + "form (relative to ${karaf.etc}); instead of a user name.")
        String api_key_file() default "";

        @AttributeDefinition(name = "Trust store", description = "Trust store for https hosts (relative to ${karaf.etc}); "
                + "empty: the JVM's default trust.")
        String truststore_path() default "";

        @AttributeDefinition(name = "Trust store password file", description = "File holding the trust store's password, if it has one.")
        String truststore_password_file() default "";

        @AttributeDefinition(name = "Trust store type", description = "PKCS12 or JKS.")
        String truststore_type() default "PKCS12";

        @AttributeDefinition(name = "Connect timeout (ms)", description = "How long to wait for a connection to a node.")
        long timeout_connect_ms() default 5000L;

        @AttributeDefinition(name = "Response timeout (ms)", description = "How long to wait for an answer to a request.")
        long timeout_response_ms() default 20000L;

        @AttributeDefinition(name = "First retry wait (ms)", description = "Wait before resending items that may succeed "
                + "later (429, 5xx); doubled after each attempt. Also the first pause a 429 imposes on later requests.")
        long retry_initial_ms() default 200L;

        @AttributeDefinition(name = "Longest retry wait (ms)", description = "Longest wait between attempts, and longest pause after 429s.")
        long retry_max_ms() default 5000L;

        @AttributeDefinition(name = "Attempts per write", description = "Bulk requests per batch before the write fails "
                + "and the journal resends the batch later.")
        int retry_attempts() default 6;

        @AttributeDefinition(name = "Write deadline (ms)", description = "No new attempt starts after this; keep it below the "
                + "journal's sink.timeout.seconds (30 s).")
        long write_deadline_ms() default 20000L;

        @AttributeDefinition(name = "Bulk request bytes", description = "A batch is sent in bulk requests of at most about this size.")
        long bulk_max_bytes() default 10L * 1024 * 1024;

        @AttributeDefinition(name = "Health probe interval (s)", description = "How often GET _cluster/health is asked while no "
                + "writes show whether the cluster answers.")
        int health_interval_seconds() default 15;
    }

    private final Settings settings;
    private final EsClient client;
    private final BulkWriter writer;
    private final SinkMeters meters;
    private final ScheduledExecutorService scheduler;
    /** Export files are written here, never on the HTTP client's threads. */
    private final Executor maintenance;
    private final AtomicBoolean templateInstalled = new AtomicBoolean();
    private volatile DependencyState state;
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private final Clock clock = Clock.systemUTC();

    @Activate
    public ElasticsearchSink(Config config, @Reference MeterRegistry registry) {
        this(Settings.from(config, System.getProperty("karaf.etc")), registry);
    }

    ElasticsearchSink(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "homeport-es-sink-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.scheduler = pool;
        this.maintenance = pool;
        this.meters = new SinkMeters(registry, settings.name(), this::reachable);
        this.client = new EsClient(settings);
        this.writer = new BulkWriter(settings.name(), settings.names(), client,
                new Backoff(settings.retryInitial(), settings.retryMax(), settings.retryAttempts()),
                settings.bulkMaxBytes(), settings.writeDeadline().toMillis(), scheduler, meters, clock::millis);
        this.state = DependencyState.down("not reached yet: " + settings.hosts(), null);
        installTemplate();
        scheduler.scheduleWithFixedDelay(this::probe, 0, settings.healthInterval().toSeconds(), TimeUnit.SECONDS);
        LOG.info("Elasticsearch sink '{}' writing to {}", settings.name(), settings);
    }

    private CompletableFuture<Void> installTemplate() {
        if (templateInstalled.get()) {
            return CompletableFuture.completedFuture(null);
        }
        String body = IndexTemplate.body(settings.names().templatePattern(), settings.shards(), settings.replicas(),
                settings.fieldsLimit(), settings.dynamicAttributes(), 200);
        return client.putTemplate(settings.templateName(), body).whenComplete((ok, failure) -> {
            if (failure == null) {
                if (templateInstalled.compareAndSet(false, true)) {
                    LOG.info("Elasticsearch sink '{}' installed index template '{}' for {}", settings.name(),
                            settings.templateName(), settings.names().templatePattern());
                }
            } else {
                LOG.warn("Elasticsearch sink '{}' could not install index template '{}' yet: {}", settings.name(),
                        settings.templateName(), EsClient.failed(failure).getMessage());
            }
        });
    }

    @Override
    public CompletionStage<Void> write(List<TelemetryEvent> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // No event is indexed before the template is there: an index auto-created without it gets dynamic mappings.
        return installTemplate().thenCompose(ok -> writer.write(batch));
    }

    /** Called by the meters when a bulk request got an answer (an HTTP error included) or none. */
    private void reachable(boolean answered) {
        if (answered) {
            answered("bulk requests answered");
        } else {
            Instant last = lastSuccessMillis.get() == 0 ? null : Instant.ofEpochMilli(lastSuccessMillis.get());
            state = DependencyState.down("bulk request to " + settings.hosts() + " not answered", last);
        }
    }

    private void answered(String detail) {
        lastSuccessMillis.set(clock.millis());
        state = DependencyState.up(detail + " (" + settings.hosts() + ")", Instant.ofEpochMilli(lastSuccessMillis.get()));
    }

    private void probe() {
        try {
            client.health().whenComplete((health, failure) -> {
                Instant last = lastSuccessMillis.get() == 0 ? null : Instant.ofEpochMilli(lastSuccessMillis.get());
                if (failure != null) {
                    state = DependencyState.down("GET _cluster/health on " + settings.hosts() + ": "
                            + EsClient.failed(failure).getMessage(), last);
                    return;
                }
                if (health.status() == HealthStatus.Red) {
                    state = DependencyState.down("cluster '" + health.clusterName() + "' is red", last);
                    return;
                }
                answered("cluster '" + health.clusterName() + "' is " + health.status().jsonValue() + ", "
                        + health.numberOfNodes() + " node(s)");
                if (!templateInstalled.get()) {
                    installTemplate();
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Elasticsearch sink '{}' health probe failed: {}", settings.name(), e.toString());
        }
    }

    @Override
    public String name() {
        // "elasticsearch" for the default sink, "elasticsearch-<name>" for others.
        return settings.name().equals("elasticsearch") ? "elasticsearch" : "elasticsearch-" + settings.name();
    }

    @Override
    public DependencyState state() {
        return state;
    }

    @Override
    public CompletionStage<RetentionResult> deleteOlderThan(String purpose, Instant cutoff) {
        if (!IndexNames.isSafeId(purpose)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "Elasticsearch sink '" + settings.name() + "': purpose id cannot be part of an index name"));
        }
        IndexNames names = settings.names();
        return client.indexStats(names.wildcard(null, purpose)).thenCompose(stats -> {
            List<String> expired = new ArrayList<>();
            LocalDate oldestKept = null;
            for (String index : stats.keySet()) {
                var day = names.day(index, null, purpose);
                if (day.isEmpty()) {
                    continue;
                }
                // The whole day is past the cutoff: its end is not after it.
                if (!day.get().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                    expired.add(index);
                } else if (oldestKept == null || day.get().isBefore(oldestKept)) {
                    oldestKept = day.get();
                }
            }
            LocalDate kept = oldestKept;
            return onlyOfPurpose(expired, purpose).thenCompose(deletable -> {
                if (deletable.isEmpty()) {
                    return CompletableFuture.completedFuture(RetentionResult.of(0, "indices", 0, 0, start(kept)));
                }
                long events = deletable.stream().mapToLong(index -> stats.get(index)[0]).sum();
                long bytes = deletable.stream().mapToLong(index -> stats.get(index)[1]).sum();
                return client.deleteIndices(deletable).thenApply(ok -> {
                    LOG.info("Elasticsearch sink '{}' deleted {} index(es) ({} events, {} bytes) of purpose {} older than {}",
                            settings.name(), deletable.size(), events, bytes, purpose, cutoff);
                    meters.retention(deletable.size());
                    return RetentionResult.of(deletable.size(), "indices", events, bytes, start(kept));
                });
            });
        });
    }

    private static Instant start(LocalDate day) {
        return day == null ? null : day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * The indices that hold nothing but events of {@code purpose}: a name can fit the pattern for two
     * purposes when ids contain its separators, and retention must never delete another purpose's events.
     */
    private CompletableFuture<List<String>> onlyOfPurpose(List<String> indices, String purpose) {
        CompletableFuture<List<String>> result = CompletableFuture.completedFuture(new ArrayList<>());
        for (String index : indices) {
            result = result.thenCompose(ok -> client.countOtherThan(index, purpose).thenApply(others -> {
                if (others == 0) {
                    ok.add(index);
                } else {
                    LOG.warn("Elasticsearch sink '{}' keeps index {}: its name fits purpose {} but it holds {} event(s) "
                            + "of another purpose", settings.name(), index, purpose, others);
                }
                return ok;
            }));
        }
        return result;
    }

    /** The indices a query looks in: its tenant's, of the asked purposes (all if none). */
    private List<String> indicesFor(List<SubjectQuery> queries) {
        Set<String> indices = new LinkedHashSet<>();
        for (SubjectQuery query : queries) {
            if (!IndexNames.isSafeId(query.tenant())) {
                continue; // the sink never wrote such a tenant
            }
            if (query.purposes().isEmpty()) {
                indices.add(settings.names().wildcard(query.tenant(), null));
            } else {
                query.purposes().stream().filter(IndexNames::isSafeId).sorted()
                        .forEach(purpose -> indices.add(settings.names().wildcard(query.tenant(), purpose)));
            }
        }
        return List.copyOf(indices);
    }

    @Override
    public CompletionStage<Long> export(SubjectQuery query, Path into) {
        List<String> indices = indicesFor(List.of(query));
        if (indices.isEmpty()) {
            return CompletableFuture.supplyAsync(() -> {
                touch(into);
                return 0L;
            }, maintenance);
        }
        CompletableFuture<OutputStream> opened = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedOutputStream(Files.newOutputStream(into, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND), 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, maintenance);
        // A refresh first, so the scan sees every write acknowledged before the request.
        return opened.thenCompose(out -> client.refresh(indices).thenCompose(ok -> client.scan(indices, EsClient.matching(List.of(query)), PAGE, true,
                page -> CompletableFuture.runAsync(() -> {
                    try {
                        for (byte[] source : page.sources()) {
                            out.write(source);
                            out.write('\n');
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, maintenance)).whenCompleteAsync((count, failure) -> {
                    try {
                        out.close();
                    } catch (IOException e) {
                        LOG.warn("Elasticsearch sink '{}' could not close an export file: {}", settings.name(),
                                e.getClass().getSimpleName());
                    }
                    if (failure == null) {
                        LOG.info("Elasticsearch sink '{}' exported {} event(s)", settings.name(), count);
                    } else {
                        LOG.warn("Elasticsearch sink '{}' export failed: {}", settings.name(),
                                EsClient.failed(failure).getMessage());
                    }
                }, maintenance)));
    }

    private static void touch(Path into) {
        try {
            Files.newOutputStream(into, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletionStage<Long> erase(SubjectQuery query) {
        return eraseAll(List.of(query));
    }

    /**
     * One scan over the indices of every query's tenant and purposes for what matches any of them (a
     * subject under every stored form), deleting each page by id before reading the next, then a refresh,
     * so a search right after sees none of it. Completes with how many documents were deleted.
     */
    @Override
    public CompletionStage<Long> eraseAll(List<SubjectQuery> queries) {
        List<String> indices = indicesFor(queries);
        if (indices.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        AtomicLong deleted = new AtomicLong();
        Set<String> touched = new LinkedHashSet<>();
        // A refresh first, so the scan sees every write acknowledged before the request.
        return client.refresh(indices).thenCompose(before -> client.scan(indices, EsClient.matching(queries), PAGE, false, page -> {
            synchronized (touched) {
                touched.addAll(page.indices());
            }
            return client.deleteDocs(page.indices(), page.ids()).thenAccept(deleted::addAndGet);
        }).thenCompose(found -> {
            List<String> refresh;
            synchronized (touched) {
                refresh = List.copyOf(touched);
            }
            CompletableFuture<Void> refreshed = refresh.isEmpty() ? CompletableFuture.completedFuture(null)
                    : client.refresh(refresh);
            return refreshed.thenApply(ok -> {
                LOG.info("Elasticsearch sink '{}' erased {} of {} matching event(s) in {} index(es) for {} quer(ies)",
                        settings.name(), deleted.get(), found, refresh.size(), queries.size());
                return deleted.get();
            });
        }));
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        writer.close();
        meters.close();
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("Elasticsearch sink '{}' did not close its client cleanly: {}", settings.name(), e.toString());
        }
        LOG.info("Elasticsearch sink '{}' stopped", settings.name());
    }


}
