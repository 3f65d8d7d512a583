package org.homeport.anonymizer.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall per type on the labelled event corpus, and damage on the hard negatives, both
 * written by {@code tools/generate-event-corpus.py} from the formats' public specifications, never
 * from the detectors. Each field is scanned as the anonymizer scans it: with its key as context. A
 * finding is a true positive only if a labelled span of the same type has exactly its start and end.
 */
class EventCorpusQualityTest {
    private static final double MIN_RECALL = 0.99;
    private static final double MIN_PRECISION = 0.95;
    private static final double MAX_DAMAGED = 0.01;
    private final PiiRedactor redactor = new PiiRedactor(PiiRedactor.ALL, Map.of(), 4);

    @Test
    @SuppressWarnings("unchecked")
    void everyTypeMeetsItsRecallAndPrecisionOnTheEventCorpus() throws IOException {
        List<Object> events = read("/corpus/events.jsonl");
        TypeScores scores = new TypeScores();
        Set<String> templates = new TreeSet<>();
        List<String> mistakes = new ArrayList<>();
        for (Object event : events) {
            Map<String, Object> e = (Map<String, Object>) event;
            templates.add((String) e.get("template"));
            for (Object f : (List<Object>) e.get("fields")) {
                Map<String, Object> field = (Map<String, Object>) f;
                String key = (String) field.get("key");
                String text = (String) field.get("text");
                Set<Finding> expected = new HashSet<>();
                for (Object span : (List<Object>) field.get("spans")) {
                    Map<String, Object> s = (Map<String, Object>) span;
                    expected.add(new Finding((String) s.get("type"), (Integer) s.get("start"), (Integer) s.get("end")));
                }
                Set<Finding> found = new HashSet<>(redactor.findings(text, key));
                for (Finding finding : found) {
                    boolean hit = expected.contains(finding);
                    scores.found(finding.type(), hit);
                    if (!hit) {
                        mistakes.add("false " + finding.type() + " '" + cut(text, finding) + "' in [" + key + "] " + text);
                    }
                }
                for (Finding label : expected) {
                    if (!found.contains(label)) {
                        scores.missed(label.type());
                        mistakes.add("missed " + label.type() + " '" + cut(text, label) + "' in [" + key + "] " + text);
                    }
                }
            }
        }
        StringBuilder table = new StringBuilder();
        List<String> failures = scores.table(table, (type, labelled, precision, recall) ->
                recall >= MIN_RECALL && precision >= MIN_PRECISION && labelled >= 20);
        System.out.println("pii-redact event corpus quality (" + events.size() + " events, " + templates.size()
                + " templates):\n" + table);
        mistakes.stream().limit(200).forEach(System.out::println);

        assertThat(events).hasSizeGreaterThanOrEqualTo(2000);
        assertThat(templates).hasSizeGreaterThanOrEqualTo(12);
        assertThat(failures).as("types below recall %.2f / precision %.2f or with fewer than 20 labels; see the table "
                + "and mistakes printed above", MIN_RECALL, MIN_PRECISION).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void hardNegativesStayUntouched() throws IOException {
        List<Object> negatives = read("/corpus/negatives.jsonl");
        Map<String, int[]> byClass = new TreeMap<>();                // class -> {records, damaged}
        List<String> damaged = new ArrayList<>();
        for (Object negative : negatives) {
            Map<String, Object> n = (Map<String, Object>) negative;
            String text = (String) n.get("text");
            String key = (String) n.get("key");
            List<Finding> found = redactor.findings(text, key);
            int[] c = byClass.computeIfAbsent((String) n.get("class"), any -> new int[2]);
            c[0]++;
            if (!found.isEmpty()) {
                c[1]++;
                damaged.add(found.get(0).type() + " '" + cut(text, found.get(0)) + "' in [" + key + "] " + text);
            }
        }
        StringBuilder table = new StringBuilder("| class | records | damaged |\n|---|---:|---:|\n");
        byClass.forEach((cls, c) -> table.append(String.format("| %s | %d | %d |%n", cls, c[0], c[1])));
        System.out.println("pii-redact hard negatives (" + negatives.size() + "):\n" + table);
        damaged.forEach(System.out::println);

        assertThat(negatives).hasSizeGreaterThanOrEqualTo(500);
        assertThat((double) damaged.size() / negatives.size()).as("share of hard negatives damaged").isLessThanOrEqualTo(MAX_DAMAGED);
    }

    private static String cut(String text, Finding span) {
        return text.substring(span.start(), span.end());
    }

    private static List<Object> read(String resource) throws IOException {
        List<Object> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(EventCorpusQualityTest.class.getResourceAsStream(resource)), StandardCharsets.UTF_8))) {
            String json;
            while ((json = reader.readLine()) != null) {
                if (!json.isBlank()) {
                    lines.add(JsonLines.parse(json));
                }
            }
        }
        return lines;
    }
}
