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
import org.junit.jupiter.api.Test;

/**
 * Measures precision and recall per type on the labelled corpus (written by
 * {@code tools/generate-corpus.py} from the formats' specifications, never from the detectors). A
 * finding is a true positive only if a labelled span of the same type has exactly its start and end.
 */
class CorpusQualityTest {
    private static final String CORPUS = "/corpus/telemetry.jsonl";
    /**
     * Phone numbers have no checksum and many national shapes; the structured types, coordinates
     * included, must do better.
     */
    private static final Map<String, double[]> MINIMUM_RECALL_PRECISION = Map.of("phone", new double[] {0.90, 0.90});
    private static final double[] STRUCTURED = {0.99, 0.95};

    @Test
    void everyTypeMeetsItsRecallAndPrecisionOnTheLabelledCorpus() throws IOException {
        List<Line> corpus = corpus();
        PiiRedactor redactor = new PiiRedactor(PiiRedactor.ALL, Map.of(), 4);
        TypeScores scores = new TypeScores();
        List<String> mistakes = new ArrayList<>();
        for (Line line : corpus) {
            Set<Finding> expected = new HashSet<>(line.spans());
            Set<Finding> found = new HashSet<>(redactor.findings(line.text()));
            for (Finding finding : found) {
                boolean hit = expected.contains(finding);
                scores.found(finding.type(), hit);
                if (!hit) {
                    mistakes.add("false " + finding.type() + " '" + cut(line.text(), finding) + "' in: " + line.text());
                }
            }
            for (Finding label : expected) {
                if (!found.contains(label)) {
                    scores.missed(label.type());
                    mistakes.add("missed " + label.type() + " '" + cut(line.text(), label) + "' in: " + line.text());
                }
            }
        }

        StringBuilder table = new StringBuilder();
        List<String> failures = scores.table(table, (type, labelled, precision, recall) -> {
            double[] minimum = MINIMUM_RECALL_PRECISION.getOrDefault(type, STRUCTURED);
            // person names came after this corpus: EventCorpusQualityTest labels them; here none may be found
            boolean tooFewLabels = labelled < 20 && !type.equals(PersonDetector.ID);
            return recall >= minimum[0] && precision >= minimum[1] && !tooFewLabels;
        });
        System.out.println("pii-redact corpus quality (" + corpus.size() + " lines):\n" + table);
        mistakes.forEach(System.out::println);

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        assertThat(scores.counts()).as("every detector is measured").containsKeys(CoordinatesDetector.ID, Ipv4Detector.ID,
                Ipv6Detector.ID, PhoneDetector.ID);
        assertThat(failures).as("types below their minimum recall/precision or with fewer than 20 labels; see the "
                + "table and mistakes printed above").isEmpty();
    }

    private static String cut(String text, Finding span) {
        return text.substring(span.start(), span.end());
    }

    private record Line(String text, List<Finding> spans) {
    }

    @SuppressWarnings("unchecked")
    private static List<Line> corpus() throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(CorpusQualityTest.class.getResourceAsStream(CORPUS)), StandardCharsets.UTF_8))) {
            String json;
            while ((json = reader.readLine()) != null) {
                if (json.isBlank()) {
                    continue;
                }
                Map<String, Object> line = (Map<String, Object>) JsonLines.parse(json);
                List<Finding> spans = new ArrayList<>();
                for (Object span : (List<Object>) line.get("spans")) {
                    Map<String, Object> s = (Map<String, Object>) span;
                    spans.add(new Finding((String) s.get("type"), (Integer) s.get("start"), (Integer) s.get("end")));
                }
                lines.add(new Line((String) line.get("text"), spans));
            }
        }
        return lines;
    }
}
