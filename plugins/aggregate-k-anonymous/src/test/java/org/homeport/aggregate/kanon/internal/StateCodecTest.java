package org.homeport.aggregate.kanon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    private final StateCodec codec = new StateCodec();
    private final WindowKey window = new WindowKey(1_795_420_800_000L, 1_795_424_400_000L);

    @Test
    void everyRecordReadsBackEqual() {
        GroupKey group = new GroupKey("acme", "marketing", List.of("attributes.a", "attributes.b", "attributes.c",
                "attributes.d", "attributes.e"), Arrays.asList("Nachrichten \"heute\"\n\u2028", null, 5L, 2.5, true));
        GroupKey big = new GroupKey("acme", "marketing", List.of("attributes.n"),
                List.of(new BigInteger("123456789012345678901234567890")));
        List<StateRecord> records = List.of(
                new StateRecord.Header(1),
                new StateRecord.Counts(List.of(new StateRecord.Count(window, 1, group, 7),
                        new StateRecord.Count(window, 2, big, 1),
                        new StateRecord.Count(window, 1, GroupKey.overflowOf("acme", "marketing"), 900))),
                new StateRecord.Seal(window, 1, true),
                new StateRecord.Emitted(window, 1),
                new StateRecord.WindowOpenPart(window, 3));

        for (StateRecord record : records) {
            String line = codec.encode(record);
            assertThat(line).doesNotContain("\n");
            assertThat(codec.decode(line)).isEqualTo(record);
        }
    }

    @Test
    void anOverflowGroupIsWrittenWithoutGroupValuesAndIsNotTheEmptyGroup() {
        GroupKey overflow = GroupKey.overflowOf("acme", "marketing");
        GroupKey empty = new GroupKey("acme", "marketing", List.of(), List.of());

        String line = codec.encode(new StateRecord.Counts(List.of(new StateRecord.Count(window, 1, overflow, 3),
                new StateRecord.Count(window, 1, empty, 4))));

        assertThat(line).contains("\"marketing\",null,3]", "\"marketing\",{},4]");
        assertThat(overflow).isNotEqualTo(empty);
        assertThat(Aggregates.id("viewing", window, 1, overflow)).isNotEqualTo(Aggregates.id("viewing", window, 1, empty));
    }

    @Test
    void normalizedGroupValuesSurviveTheRoundTrip() {
        for (Object raw : List.of(5, 5L, 5.0, 5.0f, new BigDecimal("5.00"), BigInteger.valueOf(5), 0.1f, 1e300, -0.0)) {
            Object normalized = GroupValues.normalize(raw);
            GroupKey group = new GroupKey("t", "p", List.of("attributes.x"), List.of(normalized));
            StateRecord record = new StateRecord.Counts(List.of(new StateRecord.Count(window, 1, group, 1)));

            assertThat(codec.decode(codec.encode(record))).as("%s (%s)", raw, raw.getClass()).isEqualTo(record);
        }
        assertThat(GroupValues.normalize(5.0)).isEqualTo(5L);
        assertThat(GroupValues.normalize(new BigDecimal("5.00"))).isEqualTo(5L);
        assertThat(GroupValues.normalize(0.1f)).isEqualTo(0.1);
        assertThat(GroupValues.normalize(Map.of())).isSameAs(GroupValues.UNGROUPABLE);
        assertThat(GroupValues.normalize(List.of())).isSameAs(GroupValues.UNGROUPABLE);
    }

    @Test
    void refusesLinesItDidNotWrite() {
        assertThatThrownBy(() -> codec.decode("{\"homeport.aggregate.state\":2}")).hasMessageContaining("version 2");
        assertThatThrownBy(() -> codec.decode("{\"seal\":[1,2,1]}")).hasMessageContaining("array of 4");
        assertThatThrownBy(() -> codec.decode("{\"counts\":[[1,2,1,\"t\",\"p\",{},0]]}")).hasMessageContaining("positive");
        assertThatThrownBy(() -> codec.decode("{\"emitted\":[2,1,1]}")).hasMessageContaining("must end after");
        assertThatThrownBy(() -> codec.decode("{\"other\":1}")).hasMessageContaining("unknown state record");
        assertThatThrownBy(() -> codec.decode("{\"seal\":[1,2,1,true]} x")).isInstanceOf(IllegalArgumentException.class);
    }
}
