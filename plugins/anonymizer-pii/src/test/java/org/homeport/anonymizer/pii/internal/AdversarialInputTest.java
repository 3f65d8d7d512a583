package org.homeport.anonymizer.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.event.JsonData;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input costs no more than ordinary input: every detector reads each character a bounded
 * number of times (counted through {@link CountingText}), doubling the input doubles the reads,
 * and the whole anonymizer finishes 1 MiB strings and 10,000-deep nesting well within two seconds.
 */
class AdversarialInputTest {
    private static final int MIB = 1024 * 1024;
    /** Reads per character no detector may exceed; the largest bounded look-ahead is 45 characters. */
    private static final int MAX_READS_PER_CHAR = 64;

    static Stream<String> patterns() {
        return Stream.of("a@", "a.", "1.1.1.1.", "1234 ", "4111 ", "0170 ", "1", "1-", "::", "a:", "0:", "+", "(",
                "+(", "+1 (", "eyJ", "eyJ.", "eyJhbGciOiJIUzI1NiJ9.", "aa:bb:", "aa-", "aabb.", "DE89 ", "DE", "0",
                "password=", "token=\"", "Bearer ", "://", "a://b:c@", "@", ".", " ", "x",
                // aimed at coordinates: pairs and lists of decimals, labels, signs, degree signs, long fractions
                "1.000,", "1.000, ", "-1.000 ", "1.000,1.0001.", "12.345678901234567,", "1.000°,", "-", "1.000:",
                "lat=1.000&lon=", "lat=1.000,lon=1.000,", "\"lat\":1.000,", "latitude: ", "lon=1.000 ", "0.", "1.0",
                "90.000,180.000 ", "1,",
                // aimed at user-path: prefixes without names, names at the length limit, spaces in Windows names
                "/home/", " /home/", " /home/a", "=/Users/", "C:\\Users\\", " C:\\Users\\", " c:/users/a b ",
                " C:\\Users\\a b c ", "\\\\?\\C:\\Users\\a\\", "C:\\Documents and Settings\\",
                "file:///home/", " /home/" + "a".repeat(100), " C:\\Users\\" + "a ".repeat(40),
                " /home/Public", " /var/home/$",
                // aimed at the context rules of issue 15: labels, prefixes, escapes, keys, version words
                "user=", "user=\"a", "name: A ", "author: Ab Cd ", "%40", "a%40", "a%40b.", "ghp_", "xoxb-", "AKIA",
                "-----BEGIN ", "-----BEGIN RSA PRIVATE KEY-----", "Authorization: Bearer ", "api_key: ",
                "\"token\": \"", "version 1.2.3.4 ", "from 1.2.3.4 to ", "msisdn=1", "tel: 0", "de89 ", "a@2x.",
                "git@h.example:");
    }

    static Stream<Arguments> detectorsAndPatterns() {
        return PiiRedactor.ALL.stream().flatMap(detector -> patterns().map(pattern -> Arguments.of(detector, pattern)));
    }

    @ParameterizedTest(name = "{0} on \"{1}\" repeated")
    @MethodSource("detectorsAndPatterns")
    void everyDetectorReadsEachCharacterABoundedNumberOfTimes(Detector detector, String pattern) {
        String half = repeatTo(pattern, MIB / 2);
        String full = repeatTo(pattern, MIB);

        long readsHalf = reads(detector, half);
        long readsFull = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> reads(detector, full));

        assertThat(readsFull).as("reads of a 1 MiB input").isLessThanOrEqualTo((long) MAX_READS_PER_CHAR * full.length());
        assertThat(readsFull).as("twice the input, about twice the reads").isLessThanOrEqualTo(2 * readsHalf + 1000);
    }

    @ParameterizedTest(name = "{0} on mixed random text")
    @MethodSource("allDetectors")
    void everyDetectorStaysLinearOnRandomTextFromTheCharactersTheyCareAbout(Detector detector) {
        Random random = new Random(42);
        String alphabet = "0123456789abcdefABCDEF:.-@+() =/eyJ_\",&°latn\\C";
        StringBuilder text = new StringBuilder(MIB);
        while (text.length() < MIB) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        long reads = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> reads(detector, text.toString()));

        assertThat(reads).isLessThanOrEqualTo((long) MAX_READS_PER_CHAR * MIB);
    }

    static Stream<Detector> allDetectors() {
        return PiiRedactor.ALL.stream();
    }

    @Test
    void theAnonymizerCutsHostileStringsAndFinishesQuickly() throws Exception {
        AnonymizerStep step = new PiiRedactAnonymizer().configure(Map.of());
        Map<String, Object> attributes = new LinkedHashMap<>();
        patterns().forEach(pattern -> attributes.put("k" + attributes.size(), repeatTo(pattern, MIB)));
        attributes.put("digits", repeatTo("1234567890 ", MIB));
        attributes.put("pairs", repeatTo("fix 48.13712, 11.57541; ", MIB));
        TelemetryEvent event = Events.event(attributes);
        // The bound is about the work, not about the JIT compiling the detectors for the first time:
        // one untimed pass over the same shapes, a sixteenth of the scan limit each, warms them up.
        Map<String, Object> small = new LinkedHashMap<>();
        attributes.forEach((key, value) -> small.put(key, ((String) value).substring(0, PiiRedactor.MAX_SCAN_LENGTH / 16)));
        step.apply(Events.event(small));

        // About 0.5 s alone; the bound leaves room for a CI machine busy with other builds. Linearity itself
        // is proven by the read counts above; super-linear matching on these inputs would take minutes.
        TelemetryEvent result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> step.apply(event));

        for (Object value : result.attributes().values()) {
            String text = (String) value;
            // placeholders may be longer than what they replace, but never more than five times the scanned part
            assertThat(text.length()).isLessThanOrEqualTo(5 * PiiRedactor.MAX_SCAN_LENGTH);
            assertThat(text.endsWith(PiiRedactor.TRUNCATED)).isTrue();
        }
    }

    @Test
    void nestingTenThousandDeepIsCutAtTheDepthLimitWithoutRecursingIntoIt() throws Exception {
        Object nested = List.of("alice@example.org");
        for (int level = 0; level < 10_000; level++) {
            nested = JsonData.freeze(Map.of("a", List.of(nested))).get("a");   // frozen bottom-up: no deep recursion
        }
        TelemetryEvent event = Events.event(Map.of("deep", nested));
        AnonymizerStep step = new PiiRedactAnonymizer().configure(Map.of());

        TelemetryEvent result = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> step.apply(event));

        Object value = result.attributes().get("deep");
        int depth = 2;                                                 // attributes is level 1, "deep" level 2
        while (value instanceof List<?> list) {
            value = list.get(0);
            depth++;
        }
        assertThat(value).isEqualTo(PiiRedactAnonymizer.TOO_DEEP);
        assertThat(depth).isEqualTo(PiiRedactAnonymizer.MAX_DEPTH + 1);
    }

    private static long reads(Detector detector, String text) {
        CountingText counting = new CountingText(text);
        detector.find(counting, new ArrayList<>());
        return counting.visits();
    }

    private static String repeatTo(String pattern, int length) {
        return pattern.repeat(length / pattern.length() + 1).substring(0, length);
    }
}
