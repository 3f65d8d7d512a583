package org.homeport.anonymizer.generalize.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Coarsens numbers: floored to a multiple of a width, or replaced by the label of a bucket. */
abstract class NumberGeneralizer implements ValueGeneralizer {

    static NumberGeneralizer width(BigDecimal width) {
        return new Width(width);
    }

    /** @param bounds at least one, strictly ascending */
    static NumberGeneralizer bounds(List<BigDecimal> bounds) {
        return new Bounds(bounds);
    }

    /** 1234 with width 100 gives 1200, -1 gives -100; whole results are written as integers. */
    private static final class Width extends NumberGeneralizer {
        private final BigDecimal width;

        Width(BigDecimal width) {
            this.width = width;
        }

        @Override
        public Object generalizeOne(Object value) {
            BigDecimal number = Numbers.decimal(value);
            if (number == null) {
                return REMOVE;
            }
            BigDecimal floored = number.divide(width, 0, RoundingMode.FLOOR).multiply(width);
            return floored.compareTo(number) == 0 ? value : Numbers.json(floored);
        }
    }

    /**
     * Bounds 0, 10, 100 give the labels {@code <0}, {@code 0-9}, {@code 10-99}, {@code >=100}; with
     * a bound that is not whole, the ranges are written {@code [0.5,1.5)}.
     */
    private static final class Bounds extends NumberGeneralizer {
        private final BigDecimal[] bounds;
        private final String[] labels;
        private final Set<String> labelSet;

        Bounds(List<BigDecimal> bounds) {
            this.bounds = bounds.toArray(BigDecimal[]::new);
            boolean whole = bounds.stream().allMatch(Numbers::isWhole);
            List<String> labels = new ArrayList<>(bounds.size() + 1);
            labels.add("<" + Numbers.text(bounds.get(0)));
            for (int i = 1; i < bounds.size(); i++) {
                BigDecimal low = bounds.get(i - 1);
                BigDecimal high = bounds.get(i);
                labels.add(whole
                        ? Numbers.text(low) + "-" + Numbers.text(high.subtract(BigDecimal.ONE))
                        : "[" + Numbers.text(low) + "," + Numbers.text(high) + ")");
            }
            labels.add(">=" + Numbers.text(bounds.get(bounds.size() - 1)));
            this.labels = labels.toArray(String[]::new);
            this.labelSet = Set.copyOf(labels);
        }

        @Override
        public Object generalizeOne(Object value) {
            if (value instanceof String text && labelSet.contains(text)) {
                return value; // generalized before, e.g. by the purpose and now by a pipeline
            }
            BigDecimal number = Numbers.decimal(value);
            if (number == null) {
                return REMOVE;
            }
            int bucket = 0;
            while (bucket < bounds.length && number.compareTo(bounds[bucket]) >= 0) {
                bucket++;
            }
            return labels[bucket];
        }
    }
}
