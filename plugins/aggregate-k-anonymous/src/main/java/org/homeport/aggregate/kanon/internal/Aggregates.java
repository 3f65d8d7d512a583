package org.homeport.aggregate.kanon.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;

/** Builds the events an aggregator emits: one per group of at least k people in a window part. */
final class Aggregates {
    static final String SOURCE_PRODUCT = "homeport";

    private Aggregates() {
    }

    /**
     * A deterministic id, so delivering the same part again (after a failure or a restart) is
     * idempotent for sinks that de-duplicate by id: "agg-" and the SHA-256 of the aggregator's name,
     * tenant, purpose, window, part and group, each length-prefixed so no two inputs collide.
     */
    static String id(String aggregatorName, WindowKey window, int part, GroupKey group) {
        StringBuilder key = new StringBuilder(128);
        field(key, aggregatorName);
        field(key, group.tenant());
        field(key, group.purpose());
        field(key, Long.toString(window.start()));
        field(key, Long.toString(window.end()));
        field(key, Integer.toString(part));
        if (group.overflow()) {
            // No group field is ever written this way, so no overflow id equals a group's.
            field(key, "overflow");
        }
        for (int i = 0; i < group.paths().size(); i++) {
            field(key, group.paths().get(i));
            StringBuilder value = new StringBuilder();
            EventJson.appendValue(value, group.values().get(i));
            field(key, value.toString());
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return "agg-" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The aggregate of one group: same tenant and purpose as the counted events, no subject, no
     * device, {@code occurredAt} = window start. The aggregate of an overflow group has an empty
     * {@code group} and {@code "overflow": true}; other aggregates have no {@code overflow} key.
     */
    static TelemetryEvent event(Settings settings, String sourceVersion, WindowKey window, int part, boolean partial,
                                GroupKey group, long count, People people, Instant now) {
        Map<String, Object> windowBounds = new LinkedHashMap<>();
        windowBounds.put("start", window.startInstant().toString());
        windowBounds.put("end", window.endInstant().toString());
        Map<String, Object> groupValues = new LinkedHashMap<>();
        for (int i = 0; i < group.paths().size(); i++) {
            groupValues.put(group.paths().get(i), group.values().get(i));
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("window", windowBounds);
        attributes.put("group", groupValues);
        attributes.put("count", count);
        attributes.put("people", people.count());
        if (people.estimated()) {
            attributes.put("peopleEstimated", true);
        }
        attributes.put("k", settings.k());
        attributes.put("partial", partial);
        attributes.put("part", part);
        if (group.overflow()) {
            attributes.put("overflow", true);
        }
        return new TelemetryEvent(id(settings.name(), window, part, group), group.tenant(),
                new Source(SOURCE_PRODUCT, sourceVersion, null), null, group.purpose(), settings.emitType(),
                window.startInstant(), now, attributes);
    }

    private static void field(StringBuilder key, String value) {
        key.append(value.length()).append(':').append(value).append('|');
    }
}
