package org.homeport.benchmarks;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.homeport.anonymizer.generalize.internal.GeneralizeAnonymizer;
import org.homeport.anonymizer.pii.internal.PiiRedactAnonymizer;
import org.homeport.anonymizers.basic.internal.HmacAnonymizer;
import org.homeport.anonymizers.basic.internal.HmacKeyRing;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The anonymizer suite on one realistic crash report, as the crash-reports policy of
 * benchmarks/suite-etc configures it: pii-redact (every detector, the user id pseudonymized with
 * the shared keys, IPs generalized), hmac on the device id, generalize on the time. The baseline is
 * writing the same event as the JSON line a sink stores, which every kept event costs anyway.
 * Run with {@code benchmarks/chain.sh}; events/s per core, and MB/s = ops/s × {@link #EVENT_BYTES}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SuiteChainBenchmark {
    static final TelemetryEvent EVENT = new TelemetryEvent("e-1", "acme", new Source("meet", "45.3.1", "d-8842"),
            "user-4711", "crash-reports", "app.error", Instant.parse("2026-11-30T10:42:17.123Z"),
            Instant.parse("2026-11-30T10:42:18Z"), Map.of(
                    "message", "Sync failed for calendar of jane.doe@example.com (account 7781) from 203.0.113.77 "
                            + "after 3 retries; proxy https://svc:hunter2@proxy.example.org:8080/ refused; "
                            + "payment reference 4111 1111 1111 1111 declined",
                    "stack", "java.lang.IllegalStateException: sync aborted\n\tat com.example.meet.Sync.run(Sync.java:42)\n"
                            + "\tat java.base/java.lang.Thread.run(Thread.java:840)",
                    "errorCode", "E-SYNC-17",
                    "context", Map.of("os", "Windows 10.0.19045.2965", "locale", "de-DE", "memoryMb", 16384,
                            "lastLocation", "48.13712, 11.57541")));
    /** The stored JSON line of {@link #EVENT}, before anonymization. */
    static final int EVENT_BYTES = EventJson.toJson(EVENT).getBytes(StandardCharsets.UTF_8).length;

    private List<AnonymizerStep> chain;
    private AnonymizerStep piiRedact;

    @Setup
    public void setUp() throws Exception {
        HmacKeyRing keys = new HmacKeyRing(keyConfig(Files.createTempDirectory("suite-bench-keys").toString()));
        piiRedact = new PiiRedactAnonymizer(keys).configure(Map.of(
                "user-id.fields", "subject", "user-id.treatment", "hmac",
                "ipv4.treatment", "generalize", "ipv6.treatment", "generalize"));
        chain = List.of(piiRedact,
                new HmacAnonymizer(keys).configure(Map.of("fields", "source.device")),
                new GeneralizeAnonymizer().configure(Map.of("time.fields", "time")));
    }

    /** What every kept event costs anyway: its JSON line. */
    @Benchmark
    public String serializeOnly() {
        return EventJson.toJson(EVENT);
    }

    @Benchmark
    public TelemetryEvent piiRedactOnly() {
        return piiRedact.apply(EVENT);
    }

    /** The whole chain, then the JSON line: what a kept crash report costs with the suite on. */
    @Benchmark
    public String suiteChainAndSerialize() {
        TelemetryEvent event = EVENT;
        for (AnonymizerStep step : chain) {
            event = step.apply(event);
        }
        return EventJson.toJson(event);
    }

    private static HmacKeyRing.Config keyConfig(String dir) {
        return new HmacKeyRing.Config() {
            @Override
            public String key_dir() {
                return dir;
            }

            @Override
            public String rotation_period() {
                return "P30D";
            }

            @Override
            public String retire_after() {
                return "P395D";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return HmacKeyRing.Config.class;
            }
        };
    }
}
