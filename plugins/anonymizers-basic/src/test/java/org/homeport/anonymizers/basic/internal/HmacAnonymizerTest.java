package org.homeport.anonymizers.basic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
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
    /** Bytes 1..32; the expected pseudonyms below were computed independently with Python's hmac module. */
    private static final byte[] KEY = keyOf(1);
    private static final String KEY_BASE64 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    @TempDir
    Path tempDir;

    @Test
    void replacesSubjectDeviceAndAttributesWithKeyedPseudonyms() throws Exception {
        AnonymizerStep step = new HmacAnonymizer(KEY)
                .configure(Map.of("fields", "subject, source.device, attributes.count"));

        TelemetryEvent result = step.apply(Events.event(Map.of("count", 42, "os", "linux")));

        assertThat(result.subject()).isEqualTo("ps_ba098ceffe8872b89c66baf7616f5b73");
        assertThat(result.source().device()).isEqualTo("ps_6124e9f28394dcbed92c645d94b923f2");
        assertThat(result.attributes()).isEqualTo(Map.of("count", "ps_0d13d6d62b744d943b45268df23fd581", "os", "linux"));
    }

    @Test
    void sameValueGivesSamePseudonymUnderOneKeyAndADifferentOneUnderAnother() throws Exception {
        Map<String, String> params = Map.of("fields", "subject, attributes.user");
        TelemetryEvent event = Events.event(Map.of("user", "user-4711"));

        TelemetryEvent first = new HmacAnonymizer(KEY).configure(params).apply(event);
        TelemetryEvent again = new HmacAnonymizer(KEY).configure(params).apply(event);
        TelemetryEvent otherKey = new HmacAnonymizer(keyOf(7)).configure(params).apply(event);

        assertThat(first.subject()).isEqualTo(again.subject()).isEqualTo(first.attributes().get("user"));
        assertThat(otherKey.subject()).startsWith("ps_").isNotEqualTo(first.subject());
    }

    @Test
    void pseudonymizesListElementsAndRemovesValuesThatAreNeitherTextNorNumbers() throws Exception {
        AnonymizerStep step = new HmacAnonymizer(KEY)
                .configure(Map.of("fields", "attributes.ids, attributes.profile, attributes.flag"));
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("ids", Arrays.asList("user-4711", 42, true, null));
        attributes.put("profile", Map.of("name", "Alice"));
        attributes.put("flag", true);

        TelemetryEvent result = step.apply(Events.event(attributes));

        assertThat(result.attributes()).containsOnlyKeys("ids");
        assertThat(result.attributes().get("ids")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(
                "ps_ba098ceffe8872b89c66baf7616f5b73", "ps_0d13d6d62b744d943b45268df23fd581", null);
    }

    @Test
    void missingAndNullFieldsStayAsTheyAre() throws Exception {
        AnonymizerStep step = new HmacAnonymizer(KEY).configure(Map.of("fields", "attributes.absent, attributes.none"));
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("none", null);
        TelemetryEvent event = Events.event(attributes);

        assertThat(step.apply(event)).isSameAs(event);
    }

    @Test
    void isSafeToApplyFromManyThreads() throws Exception {
        AnonymizerStep step = new HmacAnonymizer(KEY).configure(Map.of("fields", "attributes.v"));
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
    void modifiedKeyAppliesToStepsConfiguredBefore() throws Exception {
        HmacAnonymizer anonymizer = new HmacAnonymizer(config(KEY_BASE64, ""));
        AnonymizerStep step = anonymizer.configure(Map.of("fields", "subject"));
        TelemetryEvent event = Events.event(Map.of());
        assertThat(step.apply(event).subject()).isEqualTo("ps_ba098ceffe8872b89c66baf7616f5b73");

        anonymizer.modified(config(Base64.getEncoder().encodeToString(keyOf(7)), ""));

        assertThat(step.apply(event).subject()).startsWith("ps_").isNotEqualTo("ps_ba098ceffe8872b89c66baf7616f5b73");
    }

    @Test
    void generatesAnOwnerOnlyKeyFileOnceAndReusesIt() throws Exception {
        Path keyFile = tempDir.resolve("data/homeport/keys/hmac.key");
        AnonymizerStep first = new HmacAnonymizer(config("", keyFile.toString())).configure(Map.of("fields", "subject"));

        assertThat(keyFile).exists();
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
        if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }
        try (var entries = Files.list(keyFile.getParent())) {
            assertThat(entries).as("no temporary file left behind").containsExactly(keyFile);
        }

        AnonymizerStep second = new HmacAnonymizer(config("", keyFile.toString())).configure(Map.of("fields", "subject"));
        TelemetryEvent event = Events.event(Map.of());
        assertThat(second.apply(event).subject()).isEqualTo(first.apply(event).subject());
    }

    @Test
    void configuredKeyWinsOverTheKeyFile() throws Exception {
        Path keyFile = tempDir.resolve("hmac.key");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(keyOf(7)));

        TelemetryEvent result = new HmacAnonymizer(config(KEY_BASE64, keyFile.toString()))
                .configure(Map.of("fields", "subject")).apply(Events.event(Map.of()));

        assertThat(result.subject()).isEqualTo("ps_ba098ceffe8872b89c66baf7616f5b73");
    }

    @Test
    void readsAnExistingKeyFile() throws Exception {
        Path keyFile = tempDir.resolve("hmac.key");
        Files.writeString(keyFile, KEY_BASE64 + "\n");

        TelemetryEvent result = new HmacAnonymizer(config("", keyFile.toString()))
                .configure(Map.of("fields", "subject")).apply(Events.event(Map.of()));

        assertThat(result.subject()).isEqualTo("ps_ba098ceffe8872b89c66baf7616f5b73");
    }

    @Test
    void refusesShortOrMalformedKeysWithoutShowingThem() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
        assertThatThrownBy(() -> new HmacAnonymizer(config(shortKey, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'.key'").hasMessageContaining("31 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> new HmacAnonymizer(config("not base64!", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid base64");

        Path keyFile = tempDir.resolve("short.key");
        Files.writeString(keyFile, shortKey);
        assertThatThrownBy(() -> new HmacAnonymizer(config("", keyFile.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(keyFile.toString());
    }

    @Test
    void defaultKeyFileLivesUnderKarafDataOrDotData() {
        assertThat(HmacKeys.defaultKeyFile("/opt/homeport/data"))
                .isEqualTo(Paths.get("/opt/homeport/data/homeport/keys/hmac.key"));
        assertThat(HmacKeys.defaultKeyFile(null)).isEqualTo(Paths.get("./data/homeport/keys/hmac.key"));
    }

    @Test
    void requiresFieldsAndRefusesUnknownParameters() {
        HmacAnonymizer anonymizer = new HmacAnonymizer(KEY);
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

    private static HmacAnonymizer.Config config(String key, String keyFile) {
        return new HmacAnonymizer.Config() {
            @Override
            public String _key() {
                return key;
            }

            @Override
            public String key_file() {
                return keyFile;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return HmacAnonymizer.Config.class;
            }
        };
    }
}
