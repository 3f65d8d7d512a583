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
    private final StateCodec codec = new StateCodec(32);
    private final WindowKey window = new WindowKey(1_795_420_800_000L, 1_795_424_400_000L);

    @Test
    void everyRecordReadsBackEqual() {
        GroupKey group = new GroupKey("acme", "marketing", List.of("attributes.a", "attributes.b", "attributes.c",
                "attributes.d", "attributes.e"), Arrays.asList("Nachrichten \"heute\"\n\u2028", null, 5L, 2.5, true));
        GroupKey big = new GroupKey("acme", "marketing", List.of("attributes.n"),
                List.of(new BigInteger("123456789012345678901234567890")));
        People sketched = people(100);
        assertThat(sketched.estimated()).isTrue();
        List<StateRecord> records = List.of(
                new StateRecord.Header(2),
                new StateRecord.Counts(List.of(new StateRecord.Count(window, 1, group, 7, people(7)),
                        new StateRecord.Count(window, 2, big, 1, people(1)),
                        new StateRecord.Count(window, 1, GroupKey.overflowOf("acme", "marketing"), 900, sketched))),
                new StateRecord.Seal(window, 1, true),
                new StateRecord.Emitted(window, 1),
                new StateRecord.WindowOpenPart(window, 3));

        for (StateRecord record : records) {
            String line = codec.encode(record);
            assertThat(line).doesNotContain("\n");
            assertThat(codec.decode(line)).isEqualTo(record);
        }
        byte[] key = new byte[PersonHashes.KEY_BYTES];
        key[3] = 7;
        assertThat(((StateRecord.Key) codec.decode(codec.encode(new StateRecord.Key(key)))).key()).isEqualTo(key);
    }

    @Test
    void aLogOfVersionOneIsReadAndItsCountsHaveNoPeople() {
        assertThat(codec.decode("{\"homeport.aggregate.state\":1}")).isEqualTo(new StateRecord.Header(1));
        StateRecord.Counts counts = (StateRecord.Counts) codec.decode("{\"counts\":[[1,2,1,\"t\",\"p\",{},12]]}");

        assertThat(counts.counts().get(0).n()).isEqualTo(12);
        assertThat(counts.counts().get(0).people()).isNull();
    }

    @Test
    void refusesPeopleAndKeysItDidNotWrite() {
        String count = "{\"counts\":[[1,2,1,\"t\",\"p\",{},1,%s]]}";
        assertThatThrownBy(() -> codec.decode(count.formatted("[\"abc\"]"))).hasMessageContaining("16 hex digits");
        assertThatThrownBy(() -> codec.decode(count.formatted("[\"zzzzzzzzzzzzzzzz\"]"))).hasMessageContaining("16 hex digits");
        assertThatThrownBy(() -> codec.decode(count.formatted("[7]"))).hasMessageContaining("expected a string");
        assertThatThrownBy(() -> codec.decode(count.formatted("{\"hll\":\"AAAA\"}"))).hasMessageContaining("256 registers");
        assertThatThrownBy(() -> codec.decode(count.formatted("{\"other\":1}"))).hasMessageContaining("neither");
        byte[] registers = new byte[People.REGISTERS];
        registers[0] = 58;
        assertThatThrownBy(() -> codec.decode(count.formatted("{\"hll\":\""
                + java.util.Base64.getEncoder().encodeToString(registers) + "\"}"))).hasMessageContaining("0 to 57");
        assertThatThrownBy(() -> codec.decode("{\"key\":\"AAAA\"}")).hasMessageContaining("not 32");
        assertThatThrownBy(() -> codec.decode("{\"key\":\"%%%\"}")).hasMessageContaining("base64");
    }

    /** {@code n} distinct people; sketched beyond 32. */
    private static People people(int n) {
        People people = new People(32);
        for (int i = 0; i < n; i++) {
            people.add(0x5DEECE66DL * (i + 1) * 0x9E3779B97F4A7C15L);
        }
        return people;
    }

    @Test
    void anOverflowGroupIsWrittenWithoutGroupValuesAndIsNotTheEmptyGroup() {
        GroupKey overflow = GroupKey.overflowOf("acme", "marketing");
        GroupKey empty = new GroupKey("acme", "marketing", List.of(), List.of());

        String line = codec.encode(new StateRecord.Counts(List.of(new StateRecord.Count(window, 1, overflow, 3, null),
                new StateRecord.Count(window, 1, empty, 4, null))));

        assertThat(line).contains("\"marketing\",null,3,[]]", "\"marketing\",{},4,[]]");
        assertThat(overflow).isNotEqualTo(empty);
        assertThat(Aggregates.id("viewing", window, 1, overflow)).isNotEqualTo(Aggregates.id("viewing", window, 1, empty));
    }

    @Test
    void normalizedGroupValuesSurviveTheRoundTrip() {
        for (Object raw : List.of(5, 5L, 5.0, 5.0f, new BigDecimal("5.00"), BigInteger.valueOf(5), 0.1f, 1e300, -0.0)) {
            Object normalized = GroupValues.normalize(raw);
            GroupKey group = new GroupKey("t", "p", List.of("attributes.x"), List.of(normalized));
            StateRecord record = new StateRecord.Counts(List.of(new StateRecord.Count(window, 1, group, 1, people(1))));

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
        assertThatThrownBy(() -> codec.decode("{\"homeport.aggregate.state\":3}")).hasMessageContaining("version 3");
        assertThatThrownBy(() -> codec.decode("{\"seal\":[1,2,1]}")).hasMessageContaining("array of 4");
        assertThatThrownBy(() -> codec.decode("{\"counts\":[[1,2,1,\"t\",\"p\",{},0,[]]]}")).hasMessageContaining("positive");
        assertThatThrownBy(() -> codec.decode("{\"counts\":[[1,2,1,\"t\",\"p\",{}]]}")).hasMessageContaining("7 or 8");
        assertThatThrownBy(() -> codec.decode("{\"emitted\":[2,1,1]}")).hasMessageContaining("must end after");
        assertThatThrownBy(() -> codec.decode("{\"other\":1}")).hasMessageContaining("unknown state record");
        assertThatThrownBy(() -> codec.decode("{\"seal\":[1,2,1,true]} x")).isInstanceOf(IllegalArgumentException.class);
    }
}
