package org.homeport.core.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Micrometer registry in the Prometheus text exposition format (version 0.0.4).
 *
 * <p>Micrometer's own Prometheus registry pulls in the Prometheus client with protobuf and tracer
 * bundles that do not resolve in Karaf without wrapping half of them; the text format is small
 * and stable, so Homeport renders it itself (see docs/adr/0003-metrics-exposition.md).
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    public static String scrape(MeterRegistry registry) {
        Map<String, List<Meter>> families = new LinkedHashMap<>();
        List<Meter> meters = new ArrayList<>(registry.getMeters());
        meters.sort(Comparator.comparing(meter -> meter.getId().getName()));
        for (Meter meter : meters) {
            families.computeIfAbsent(meter.getId().getName(), name -> new ArrayList<>()).add(meter);
        }
        StringBuilder out = new StringBuilder(8192);
        families.forEach((name, family) -> writeFamily(out, sanitize(name), family));
        return out.toString();
    }

    private static void writeFamily(StringBuilder out, String base, List<Meter> family) {
        Meter first = family.get(0);
        String help = first.getId().getDescription();
        if (first instanceof Counter || first instanceof FunctionCounter) {
            header(out, base + "_total", help, "counter");
            for (Meter meter : family) {
                double count = meter instanceof Counter c ? c.count() : ((FunctionCounter) meter).count();
                sample(out, base + "_total", meter, null, count);
            }
        } else if (first instanceof Timer || first instanceof FunctionTimer || first instanceof LongTaskTimer) {
            String seconds = base + "_seconds";
            header(out, seconds, help, "summary");
            for (Meter meter : family) {
                if (meter instanceof Timer timer) {
                    HistogramSnapshot snapshot = timer.takeSnapshot();
                    for (ValueAtPercentile percentile : snapshot.percentileValues()) {
                        sample(out, seconds, meter, percentile.percentile(), percentile.value(TimeUnit.SECONDS));
                    }
                    sample(out, seconds + "_count", meter, null, snapshot.count());
                    sample(out, seconds + "_sum", meter, null, snapshot.total(TimeUnit.SECONDS));
                    sample(out, seconds + "_max", meter, null, snapshot.max(TimeUnit.SECONDS));
                } else if (meter instanceof FunctionTimer timer) {
                    sample(out, seconds + "_count", meter, null, timer.count());
                    sample(out, seconds + "_sum", meter, null, timer.totalTime(TimeUnit.SECONDS));
                } else {
                    LongTaskTimer timer = (LongTaskTimer) meter;
                    sample(out, seconds + "_active_count", meter, null, timer.activeTasks());
                    sample(out, seconds + "_duration_sum", meter, null, timer.duration(TimeUnit.SECONDS));
                }
            }
        } else if (first instanceof DistributionSummary) {
            header(out, base, help, "summary");
            for (Meter meter : family) {
                HistogramSnapshot snapshot = ((DistributionSummary) meter).takeSnapshot();
                for (ValueAtPercentile percentile : snapshot.percentileValues()) {
                    sample(out, base, meter, percentile.percentile(), percentile.value());
                }
                sample(out, base + "_count", meter, null, snapshot.count());
                sample(out, base + "_sum", meter, null, snapshot.total());
                sample(out, base + "_max", meter, null, snapshot.max());
            }
        } else if (first instanceof TimeGauge) {
            header(out, base + "_seconds", help, "gauge");
            for (Meter meter : family) {
                sample(out, base + "_seconds", meter, null, ((TimeGauge) meter).value(TimeUnit.SECONDS));
            }
        } else if (first instanceof Gauge) {
            header(out, base, help, "gauge");
            for (Meter meter : family) {
                sample(out, base, meter, null, ((Gauge) meter).value());
            }
        } else {
            header(out, base, help, "untyped");
            for (Meter meter : family) {
                meter.measure().forEach(measurement ->
                        sample(out, base + "_" + measurement.getStatistic().getTagValueRepresentation(), meter, null,
                                measurement.getValue()));
            }
        }
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        if (help != null && !help.isEmpty()) {
            out.append("# HELP ").append(name).append(' ')
                    .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        }
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, Meter meter, Double quantile, double value) {
        out.append(name);
        List<Tag> tags = meter.getId().getTags();
        if (!tags.isEmpty() || quantile != null) {
            out.append('{');
            boolean first = true;
            for (Tag tag : tags) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(sanitize(tag.getKey())).append("=\"").append(escapeLabel(tag.getValue())).append('"');
            }
            if (quantile != null) {
                out.append(first ? "" : ",").append("quantile=\"").append(quantile).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
            out.append(ok ? c : '_');
        }
        return out.toString();
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
