package org.homeport.journal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.api.util.EventJson;
import org.homeport.api.event.Source;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static TelemetryEvent event(String id, Map<String, Object> attributes) {
        return new TelemetryEvent(id, "acme", new Source("copier", null, "SN-1"), null, "billing", "page.count",
                Instant.parse("2026-12-03T10:15:30.123456789Z"), Instant.parse("2026-12-03T10:15:31Z"), attributes);
    }

    @Test
    void everyKindOfJsonValueComesBackAndWritesTheSameJson() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("text", "Grüße, 東京 and \"quotes\" \n");
        attributes.put("none", null);
        attributes.put("yes", true);
        attributes.put("no", false);
        attributes.put("int", 42);
        attributes.put("long", Long.MIN_VALUE);
        attributes.put("double", -0.125);
        attributes.put("decimal", new BigDecimal("12345678901234567890.000000000001"));
        attributes.put("big", new BigInteger("123456789012345678901234567890"));
        attributes.put("list", List.of(1L, "two", List.of(), Map.of("k", "v")));
        attributes.put("nested", Map.of("deeper", Map.of("deepest", List.of(true))));
        TelemetryEvent event = event("e-1", attributes);
        JournalEntry entry = new JournalEntry(0, 1234, List.of(new JournalEntry.Group(Set.of("file", "es"), List.of(event))), 0);

        byte[] payload = RecordCodec.encode(entry);
        JournalEntry decoded = RecordCodec.decode(7, payload);

        assertThat(decoded.sequence()).isEqualTo(7);
        assertThat(decoded.appendedAtMillis()).isEqualTo(1234);
        assertThat(decoded.sizeBytes()).isEqualTo(payload.length);
        assertThat(decoded.groups()).singleElement().satisfies(group -> {
            assertThat(group.sinks()).containsExactlyInAnyOrder("file", "es");
            assertThat(EventJson.toJson(group.events().get(0))).isEqualTo(EventJson.toJson(event));
            assertThat(group.events().get(0).occurredAt()).isEqualTo(event.occurredAt());
            assertThat(group.events().get(0).source()).isEqualTo(event.source());
        });
    }

    @Test
    void aSummaryCountsEventsPerGroupWithoutDecodingThem() {
        JournalEntry entry = new JournalEntry(0, 99, List.of(
                new JournalEntry.Group(Set.of("file"), List.of(event("a", Map.of()), event("b", Map.of()))),
                new JournalEntry.Group(Set.of("es", "file"), List.of(event("c", Map.of())))), 0);

        RecordCodec.Summary summary = RecordCodec.summarize(RecordCodec.encode(entry));

        assertThat(summary.appendedAtMillis()).isEqualTo(99);
        assertThat(summary.groups()).extracting(RecordCodec.GroupSummary::events).containsExactly(2, 1);
        assertThat(summary.groups().get(1).sinks()).containsExactlyInAnyOrder("es", "file");
    }

    @Test
    void aPayloadThatIsCutOrHasAnUnknownVersionIsMalformedNotAnIndexError() {
        byte[] payload = RecordCodec.encode(new JournalEntry(0, 1,
                List.of(new JournalEntry.Group(Set.of("file"), List.of(event("a", Map.of("k", "v"))))), 0));

        for (int length = 0; length < payload.length; length++) {
            byte[] cut = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> RecordCodec.decode(1, cut)).isInstanceOf(MalformedRecordException.class);
        }
        byte[] future = payload.clone();
        future[0] = 9;
        assertThatThrownBy(() -> RecordCodec.decode(1, future)).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("version");
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);
        assertThatThrownBy(() -> RecordCodec.decode(1, longer)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void aHugeCountInAPayloadIsRefusedBeforeAnythingIsAllocated() {
        ByteWriter out = new ByteWriter(32);
        out.writeByte(RecordCodec.VERSION);
        out.writeLong(1);
        out.writeVarLong(Integer.MAX_VALUE); // groups
        assertThatThrownBy(() -> RecordCodec.decode(1, out.toByteArray())).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void withoutDropsMatchingEventsAndEmptyGroups() {
        JournalEntry entry = new JournalEntry(3, 1, List.of(
                new JournalEntry.Group(Set.of("file"), List.of(event("a", Map.of()), event("b", Map.of()))),
                new JournalEntry.Group(Set.of("es"), List.of(event("a", Map.of())))), 10);

        JournalEntry kept = entry.without(e -> e.id().equals("a"));

        assertThat(kept.groups()).singleElement().satisfies(group -> assertThat(group.events())
                .extracting(TelemetryEvent::id).containsExactly("b"));
        assertThat(entry.without(e -> false)).isSameAs(entry);
    }

    @Test
    void sinkNamesBecomeFileNamesAndBack() {
        for (String sink : List.of("file", "es-prod_2", "../etc/passwd", "ümlaut sink", ".hidden", "a%2f")) {
            String encoded = SinkNames.encode(sink);
            assertThat(encoded).matches("[A-Za-z0-9._%-]+").doesNotStartWith(".");
            assertThat(SinkNames.decode(encoded)).isEqualTo(sink);
        }
        assertThat(SinkNames.decode("%zz")).isNull();
        assertThat(SinkNames.decode("%41")).as("not what encode writes for 'A'").isNull();
    }
}
