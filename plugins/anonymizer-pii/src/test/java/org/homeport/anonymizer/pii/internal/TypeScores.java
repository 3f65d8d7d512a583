package org.homeport.anonymizer.pii.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** True positives, false positives and misses per detector type, and the table the corpus tests print. */
final class TypeScores {
    /** type -> {true positives, false positives, misses} */
    private final Map<String, int[]> counts = new TreeMap<>();

    TypeScores() {
        PiiRedactor.ALL.forEach(detector -> counts.put(detector.id(), new int[3]));
    }

    void found(String type, boolean labelled) {
        counts.get(type)[labelled ? 0 : 1]++;
    }

    void missed(String type) {
        counts.get(type)[2]++;
    }

    Map<String, int[]> counts() {
        return counts;
    }

    /** What a type must reach, given its labels, true positives, precision and recall. */
    interface Bar {
        boolean met(String type, int labelled, double precision, double recall);
    }

    /** Appends the Markdown table to {@code table} and answers the types that miss {@code bar}. */
    List<String> table(StringBuilder table, Bar bar) {
        table.append("| type | labelled | found | true positives | precision | recall |\n|---|---:|---:|---:|---:|---:|\n");
        List<String> failures = new ArrayList<>();
        counts.forEach((type, c) -> {
            double precision = c[0] + c[1] == 0 ? 1.0 : (double) c[0] / (c[0] + c[1]);
            double recall = c[0] + c[2] == 0 ? 1.0 : (double) c[0] / (c[0] + c[2]);
            table.append(String.format("| %s | %d | %d | %d | %.3f | %.3f |%n", type, c[0] + c[2], c[0] + c[1], c[0],
                    precision, recall));
            if (!bar.met(type, c[0] + c[2], precision, recall)) {
                failures.add(type);
            }
        });
        return failures;
    }
}
