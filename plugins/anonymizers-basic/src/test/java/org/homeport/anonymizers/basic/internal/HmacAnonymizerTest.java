package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmacAnonymizerTest {
    /** Bytes 1..32; the expected digests below were computed independently with Python's hmac module. */
    private static final byte[] KEY = keyOf(1);
    private static final String KEY_BASE64 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    @TempDir
    Path tempDir;

    @Test
    void replacesSubjectDeviceAndAttributesWithKeyedPseudonyms() throws Exception {
        AnonymizerStep step = anonymizer(KEY)
                .configure(Map.of("fields", "subject, source.device, attributes.count"));

        TelemetryEvent result = step.apply(Events.event(Map.of("count", 42, "os", "linux")));

        assertThat(result.subject()).isEqualTo("ps_k19700101_ba098ceffe8872b89c66baf7616f5b73");
        assertThat(result.source().device()).isEqualTo("ps_k19700101_6124e9f28394dcbed92c645d94b923f2");
        assertThat(result.attributes()).isEqualTo(Map.of("count", "ps_k19700101_0d13d6d62b744d943b45268df23fd581", "os", "linux"));
    }

    @Test
    void sameValueGivesSamePseudonymUnderOneKeyAndADifferentOneUnderAnother() throws Exception {
        Map<String, String> params = Map.of("fields", "subject, attributes.user");
        TelemetryEvent event = Events.event(Map.of("user", "user-4711"));

        TelemetryEvent first = anonymizer(KEY).configure(params).apply(event);
        TelemetryEvent again = anonymizer(KEY).configure(params).apply(event);
        TelemetryEvent otherKey = anonymizer(keyOf(7)).configure(params).apply(event);

        assertThat(first.subject()).isEqualTo(again.subject()).isEqualTo(first.attributes().get("user"));
        assertThat(otherKey.subject()).startsWith("ps_").isNotEqualTo(first.subject());
    }

    @Test
    void pseudonymizesListElementsAndRemovesValuesThatAreNeitherTextNorNumbers() throws Exception {
        AnonymizerStep step = anonymizer(KEY)
                .configure(Map.of("fields", "attributes.ids, attributes.profile, attributes.flag"));
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("ids", Arrays.asList("user-4711", 42, true, null));
        attributes.put("profile", Map.of("name", "Alice"));
        attributes.put("flag", true);

        TelemetryEvent result = step.apply(Events.event(attributes));

        assertThat(result.attributes()).containsOnlyKeys("ids");
        assertThat(result.attributes().get("ids")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(
                "ps_k19700101_ba098ceffe8872b89c66baf7616f5b73", "ps_k19700101_0d13d6d62b744d943b45268df23fd581", null);
    }

    @Test
    void missingAndNullFieldsStayAsTheyAre() throws Exception {
        AnonymizerStep step = anonymizer(KEY).configure(Map.of("fields", "attributes.absent, attributes.none"));
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("none", null);
        TelemetryEvent event = Events.event(attributes);

        assertThat(step.apply(event)).isSameAs(event);
    }

    @Test
    void isSafeToApplyFromManyThreads() throws Exception {
        AnonymizerStep step = anonymizer(KEY).configure(Map.of("fields", "attributes.v"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            expected.add((String) step.apply(Events.event(Map.of("v", "value-" + i))).attributes().get("v"));
        }

        List<Object> parallel = IntStream.range(0, 2000).parallel()
                .mapToObj(i -> step.apply(Events.event(Map.of("v", "value-" + i))).attributes().get("v"))
                .toList();

        assertThat(parallel).isEqualTo(expected);
    }

    @Test
    void storedFormsHoldOnePseudonymPerLiveKeyCurrentFirst() throws Exception {
        Files.writeString(tempDir.resolve("k19700101.key"), KEY_BASE64);
        Files.writeString(tempDir.resolve("k20261130.key"), Base64.getEncoder().encodeToString(keyOf(7)));
        HmacKeyRing ring = new HmacKeyRing(new HmacKeyFiles(tempDir), new KeySchedule(0, Duration.ofDays(400)),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), false);
        AnonymizerStep step = new HmacAnonymizer(ring).configure(Map.of("fields", "subject"));

        List<String> forms = step.storedForms(Events.event(Map.of())).stream().map(TelemetryEvent::subject).toList();

        assertThat(forms).hasSize(2);
        assertThat(forms.get(0)).startsWith("ps_k20261130_").isEqualTo(step.apply(Events.event(Map.of())).subject());
        assertThat(forms.get(1)).isEqualTo("ps_k19700101_ba098ceffe8872b89c66baf7616f5b73");
    }

    @Test
    void requiresFieldsAndRefusesUnknownParameters() throws Exception {
        HmacAnonymizer anonymizer = anonymizer(KEY);
        assertThatThrownBy(() -> anonymizer.configure(Map.of()))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("hmac: parameter 'fields' is required");
        assertThatThrownBy(() -> anonymizer.configure(Map.of("fields", "subject", "key", "x")))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("unknown parameter(s) [key]");
    }

    private static byte[] keyOf(int first) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (first + i);
        }
        return key;
    }

    /** An anonymizer whose single, never-rotating key is {@code key}. */
    private HmacAnonymizer anonymizer(byte[] key) throws Exception {
        Path dir = Files.createTempDirectory(tempDir, "keys");
        Files.writeString(dir.resolve("k19700101.key"), Base64.getEncoder().encodeToString(key));
        return new HmacAnonymizer(new HmacKeyRing(new HmacKeyFiles(dir), new KeySchedule(0, Duration.ZERO),
                Clock.systemUTC(), false));
    }
}
