package org.homeport.sink.kafka.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.health.Dependency;
import org.homeport.api.health.DependencyState;
import org.homeport.api.sink.Sink;
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
 * Writes events to Kafka, one record per event (key = event id, value = the event as JSON), one topic per
 * purpose or one configured topic, one sink per factory configuration {@code org.homeport.sink.kafka~<name>}.
 * The producer is idempotent with {@code acks=all}; a write completes only when every record is acknowledged.
 * It is also a {@link Dependency}: {@code /health} shows whether the brokers answer (asked every
 * {@code health.interval.seconds}) and whether the last write reached them.
 */
@Component(
        service = {Sink.class, Dependency.class},
        configurationPid = KafkaSink.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        // The idempotent producer keeps order across up to 5 requests in flight: a few batches overlap safely.
        property = {Sink.NAME_PROPERTY + "=kafka", Sink.CONCURRENT_WRITES_PROPERTY + ":Integer=4"})
@Designate(ocd = KafkaSink.Config.class, factory = true)
public class KafkaSink implements Sink, Dependency {
    static final String PID = "org.homeport.sink.kafka";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSink.class);

    @ObjectClassDefinition(name = "Homeport Kafka sink",
            description = "Writes events to Kafka: one record per event (key = event id, value = the event as JSON), "
                    + "one topic per purpose (topic.prefix + purpose) or one configured topic.")
    public @interface Config {
        @AttributeDefinition(name = "Sink name", description = "The name pipelines select this sink by (service property homeport.sink.name).")
        String homeport_sink_name() default "kafka";

        @AttributeDefinition(name = "Bootstrap servers", description = "Kafka brokers, host:port, several separated by commas. "
                + "Empty: the sink reports itself down and the journal keeps the events.")
        String[] bootstrap_servers() default {"127.0.0.1:9092"};

        @AttributeDefinition(name = "Topic prefix", description = "Topic per purpose: this prefix + the purpose id, e.g. homeport.usage.")
        String topic_prefix() default "homeport.";

        @AttributeDefinition(name = "Topic", description = "One topic for every event instead of one per purpose; empty for per purpose.")
        String topic() default "";

        @AttributeDefinition(name = "Compression", description = "Record batch compression.",
                options = {@Option(label = "none", value = "none"), @Option(label = "gzip", value = "gzip"),
                        @Option(label = "lz4", value = "lz4")})
        String compression_type() default "none";

        @AttributeDefinition(name = "Client id", description = "client.id of the producer; empty: homeport-<sink name>.")
        String client_id() default "";

        @AttributeDefinition(name = "Buffer memory (bytes)", description = "Most memory the producer holds for unsent records.")
        long buffer_memory() default 16L * 1024 * 1024;

        @AttributeDefinition(name = "Largest request (bytes)", description = "max.request.size: a larger record is refused for good.")
        int max_request_size() default 1024 * 1024;

        @AttributeDefinition(name = "Batch size (bytes)", description = "batch.size per partition.")
        int batch_size() default 64 * 1024;

        @AttributeDefinition(name = "Linger (ms)", description = "linger.ms: how long records wait to fill a batch.")
        int linger_ms() default 5;

        @AttributeDefinition(name = "Request timeout (ms)", description = "request.timeout.ms.")
        int request_timeout_ms() default 10000;

        @AttributeDefinition(name = "Delivery timeout (ms)", description = "delivery.timeout.ms: a record not acknowledged by then "
                + "fails the write and the journal resends the batch. Keep it below the journal's sink.timeout.seconds (30 s).")
        int delivery_timeout_ms() default 20000;

        @AttributeDefinition(name = "Metadata wait (ms)", description = "max.block.ms: how long a send waits for topic "
                + "metadata or buffer space.")
        int max_block_ms() default 5000;

        @AttributeDefinition(name = "Health check interval (seconds)", description = "How often the sink asks the brokers "
                + "whether they answer, so /health is right between writes too.")
        int health_interval_seconds() default 10;
    }

    private final Settings settings;
    private final SinkMeters meters;
    private final BatchWriter writer;
    private final Supplier<RecordSender> senders;
    /** One thread per sink: sends go out in journal order, and a send that blocks (metadata) never blocks the caller. */
    private final ExecutorService sending;
    /** Asks the brokers every health.interval.seconds; its own thread, since an answer may take request.timeout.ms. */
    private final ScheduledExecutorService probing;
    private final Function<Settings, BrokerProbe> probes;
    private BrokerProbe probe; // only on the probing thread
    /** Whether the last write failed: a broker that answers the probe must not hide writes that fail. */
    private volatile boolean lastWriteFailed;
    private final Clock clock = Clock.systemUTC();
    private RecordSender sender; // only on the sending thread
    private volatile DependencyState state;
    private volatile Instant lastSuccess;

    @Activate
    public KafkaSink(Config config, @Reference MeterRegistry registry) {
        this(Settings.from(config), registry, null, null);
    }

    KafkaSink(Settings settings, MeterRegistry registry, Supplier<RecordSender> senders,
            Function<Settings, BrokerProbe> probes) {
        this.settings = settings;
        this.meters = new SinkMeters(registry, settings.name());
        this.senders = senders != null ? senders : this::producer;
        this.probes = probes != null ? probes : AdminBrokerProbe::new;
        this.writer = new BatchWriter(settings.name(), new Records(settings.topics()), new BatchWriter.Outcome() {
            @Override
            public void sent(int records, long nanos) {
                meters.sent(records, nanos);
                lastWriteFailed = false;
                lastSuccess = clock.instant();
                state = DependencyState.up("records acknowledged by " + settings.bootstrapServers(), lastSuccess);
            }

            @Override
            public void refused(int records) {
                meters.refused(records);
            }

            @Override
            public void failed(Throwable failure, Failures.Kind kind) {
                meters.failed(kind);
                lastWriteFailed = true;
                state = DependencyState.down("send to " + settings.bootstrapServers() + " failed: "
                        + Failures.describe(failure), lastSuccess);
                LOG.warn("Kafka sink '{}' write failed, the journal resends the batch: {}", settings.name(),
                        Failures.describe(failure));
            }
        });
        this.sending = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "homeport-kafka-sink-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        this.probing = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "homeport-kafka-health-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        this.state = settings.configured()
                ? DependencyState.down("not reached yet: " + settings.bootstrapServers(), null)
                : DependencyState.down("bootstrap.servers is not set: events wait in the journal", null);
        if (settings.configured()) {
            probing.scheduleWithFixedDelay(this::probe, 0, settings.healthIntervalSeconds(), TimeUnit.SECONDS);
        }
        LOG.info("Kafka sink '{}' writing to {}", settings.name(), settings);
    }

    /** A real producer, built with this bundle's class loader as context (Kafka loads configured classes through it). */
    private RecordSender producer() {
        KafkaProducer<byte[], byte[]> producer = KafkaClients.build(() -> new KafkaProducer<>(settings.producerProperties(),
                new ByteArraySerializer(), new ByteArraySerializer()));
        return new RecordSender() {
            @Override
            public void send(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record,
                    org.apache.kafka.clients.producer.Callback done) {
                producer.send(record, done);
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(5));
            }
        };
    }

    @Override
    public CompletionStage<Void> write(List<TelemetryEvent> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!settings.configured()) {
            meters.unconfigured();
            return CompletableFuture.failedFuture(new IllegalStateException("Kafka sink '" + settings.name()
                    + "': bootstrap.servers is not set"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                if (sender == null) {
                    try {
                        sender = senders.get();
                    } catch (RuntimeException e) {
                        meters.failed(Failures.Kind.TEMPORARY_RESET);
                        state = DependencyState.down("no producer for " + settings.bootstrapServers() + ": "
                                + Failures.describe(e), lastSuccess);
                        LOG.warn("Kafka sink '{}' could not create its producer, the journal resends the batch: {}",
                                settings.name(), Failures.describe(e));
                        throw e;
                    }
                }
                return writer.write(batch, sender).whenCompleteAsync((ok, failure) -> {
                    if (failure != null && Failures.classify(failure) == Failures.Kind.TEMPORARY_RESET) {
                        resetSender();
                    }
                }, sending);
            }, sending).thenCompose(written -> written);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("Kafka sink '" + settings.name() + "' is stopping"));
        }
    }

    /** One health check: up when the brokers answer and the last write did not fail, else down with the reason. */
    private void probe() {
        try {
            if (probe == null) {
                probe = probes.apply(settings);
            }
            int brokers = probe.brokers(Duration.ofMillis(settings.requestTimeoutMs()));
            if (!lastWriteFailed) {
                lastSuccess = clock.instant();
                state = DependencyState.up(brokers + " broker(s) answer at " + settings.bootstrapServers(), lastSuccess);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            state = DependencyState.down("brokers at " + settings.bootstrapServers() + " do not answer: "
                    + Failures.describe(e), lastSuccess);
        }
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.close();
            } catch (RuntimeException e) {
                LOG.warn("Kafka sink '{}' did not close its health check client cleanly: {}", settings.name(),
                        e.getClass().getSimpleName());
            }
            probe = null;
        }
    }

    private void resetSender() {
        RecordSender old = sender;
        sender = null;
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException e) {
                LOG.warn("Kafka sink '{}' did not close its producer cleanly: {}", settings.name(), e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public String name() {
        return settings.name().equals("kafka") ? "kafka" : "kafka-" + settings.name();
    }

    @Override
    public DependencyState state() {
        return state;
    }

    @Deactivate
    void deactivate() {
        probing.shutdownNow();
        try {
            if (probing.awaitTermination(10, TimeUnit.SECONDS)) {
                closeProbe();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sending.execute(this::resetSender);
        sending.shutdown();
        try {
            if (!sending.awaitTermination(10, TimeUnit.SECONDS)) {
                sending.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meters.close();
        LOG.info("Kafka sink '{}' stopped", settings.name());
    }
}
