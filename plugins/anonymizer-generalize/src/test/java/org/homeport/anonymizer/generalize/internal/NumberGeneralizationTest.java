package org.homeport.anonymizer.generalize.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeport.anonymizer.generalize.internal.Events.event;
import static org.homeport.anonymizer.generalize.internal.Events.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberGeneralizationTest {
    private final GeneralizeAnonymizer anonymizer = new GeneralizeAnonymizer();

    private AnonymizerStep width(String width) throws Exception {
        return anonymizer.configure(Map.of("number.fields", "attributes.n", "number.width", width));
    }

    private AnonymizerStep bounds(String bounds) throws Exception {
        return anonymizer.configure(Map.of("number.fields", "attributes.n", "number.bounds", bounds));
    }

    private static String generalized(AnonymizerStep step, Object value) {
        return json(step.apply(event(Map.of("n", value))).attributes().get("n"));
    }

    @ParameterizedTest
    @CsvSource({
            "100, 1234,    1200",
            "100, 1299,    1200",
            "100, 1300,    1300",
            "100, 99,      0",
            "100, 0,       0",
            "100, -1,      -100",
            "100, -100,    -100",
            "100, -101,    -200",
            "0.1, 0.3,     0.3",
            "0.1, 0.35,    0.3",
            "0.1, -0.05,   -0.1",
            "0.5, 1234.7,  1234.5",
            "2.5, 7,       5",
            "2.5, 8,       7.5",
            "1e3, 123456,  123000",
            "0.0001, 3.14159265, 3.1415"
    })
    void floorsToAMultipleOfTheWidthWithoutFloatNoise(String width, String value, String expected) throws Exception {
        // the value as the receiver would give it: whole numbers as Long, others as Double
        Object number = value.contains(".") ? (Object) Double.valueOf(value) : (Object) Long.valueOf(value);

        assertThat(generalized(width(width), number)).isEqualTo(expected);
    }

    @Test
    void keepsIntegersIntegers() throws Exception {
        AnonymizerStep step = width("100");

        assertThat(step.apply(event(Map.of("n", 1234))).attributes().get("n")).isEqualTo(1200L);
        assertThat(step.apply(event(Map.of("n", 1234.0))).attributes().get("n")).isEqualTo(1200L);
        assertThat(step.apply(event(Map.of("n", Long.MAX_VALUE))).attributes().get("n")).isEqualTo(9223372036854775800L);
        assertThat(generalized(step, new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567800");
        assertThat(generalized(width("0.5"), 1234.2)).isEqualTo("1234");
    }

    @Test
    void returnsTheSameEventWhenNumbersAreAlreadyMultiples() throws Exception {
        TelemetryEvent event = event(Map.of("n", List.of(1200, 1300L, 1400.0, new BigDecimal("-100"))));

        assertThat(width("100").apply(event)).isSameAs(event);
    }

    @ParameterizedTest
    @CsvSource({
            "-5,        <0",
            "-0.001,    <0",
            "0,         0-9",
            "9,         0-9",
            "9.99,      0-9",
            "10,        10-99",
            "99,        10-99",
            "100,       100-999",
            "999.5,     100-999",
            "1000,      >=1000",
            "123456789, >=1000"
    })
    void labelsBucketsOfWholeBoundsAsInclusiveIntegerRanges(String value, String label) throws Exception {
        assertThat(bounds("0,10,100,1000").apply(event(Map.of("n", new BigDecimal(value)))).attributes())
                .isEqualTo(Map.of("n", label));
    }

    @ParameterizedTest
    @CsvSource({
            "0.4,  <0.5",
            "0.5,  '[0.5,1.5)'",
            "1.49, '[0.5,1.5)'",
            "1.5,  '[1.5,2)'",
            "2,    >=2",
            "2.0,  >=2"
    })
    void labelsBucketsOfDecimalBoundsAsHalfOpenIntervals(String value, String label) throws Exception {
        assertThat(bounds("0.5, 1.5, 2.0").apply(event(Map.of("n", new BigDecimal(value)))).attributes())
                .isEqualTo(Map.of("n", label));
    }

    @Test
    void writesBoundsInPlainFormAndNegativeRangesWithTheirSigns() throws Exception {
        AnonymizerStep step = bounds("-10, 0, 1e3, 10.0e3");

        assertThat(generalized(step, -11)).isEqualTo("\"<-10\"");
        assertThat(generalized(step, -10)).isEqualTo("\"-10--1\"");
        assertThat(generalized(step, -1)).isEqualTo("\"-10--1\"");
        assertThat(generalized(step, 0)).isEqualTo("\"0-999\"");
        assertThat(generalized(step, 1000)).isEqualTo("\"1000-9999\"");
        assertThat(generalized(step, 10000)).isEqualTo("\">=10000\"");
        assertThat(generalized(bounds("100"), 99)).isEqualTo("\"<100\"");
        assertThat(generalized(bounds("100"), 100)).isEqualTo("\">=100\"");
    }

    @Test
    void keepsALabelOfTheSameBucketsAndRemovesOtherText() throws Exception {
        AnonymizerStep step = bounds("0,10,100");
        TelemetryEvent labelled = event(Map.of("n", List.of("10-99", "<0", ">=100")));

        assertThat(step.apply(labelled)).isSameAs(labelled);
        assertThat(step.apply(event(Map.of("n", "11-99", "os", "linux"))).attributes()).isEqualTo(Map.of("os", "linux"));
        assertThat(step.apply(event(Map.of("n", "42", "os", "linux"))).attributes()).isEqualTo(Map.of("os", "linux"));
    }

    @Test
    void removesWhatIsNoNumber() throws Exception {
        for (AnonymizerStep step : List.of(width("100"), bounds("0,10"))) {
            for (Object notANumber : List.of("1234", true, Map.of("value", 1234), "", new BigDecimal("1e40"),
                    new BigDecimal("1e-401"))) {
                TelemetryEvent result = step.apply(event(Map.of("n", notANumber, "os", "linux")));
                assertThat(result.attributes()).as("%s", notANumber).isEqualTo(Map.of("os", "linux"));
            }
        }
    }

    @Test
    void removesNotANumberAndInfinity() {
        ValueGeneralizer width = NumberGeneralizer.width(BigDecimal.TEN);
        ValueGeneralizer bounds = NumberGeneralizer.bounds(List.of(BigDecimal.ZERO));

        for (Object value : List.of(Double.NaN, Double.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY)) {
            assertThat(width.generalizeOne(value)).isSameAs(ValueGeneralizer.REMOVE);
            assertThat(bounds.generalizeOne(value)).isSameAs(ValueGeneralizer.REMOVE);
        }
    }

    @Test
    void generalizesEachArrayElementAndRemovesTheOthers() throws Exception {
        TelemetryEvent event = event(Map.of("n", Arrays.asList(1234, "x", null, List.of(5), 1200, -7.5, Map.of())));

        assertThat(json(width("100").apply(event))).isEqualTo("{\"n\":[1200,1200,-100]}");
        assertThat(json(bounds("0,1000").apply(event))).isEqualTo("{\"n\":[\">=1000\",\">=1000\",\"<0\"]}");
    }

    @Test
    void readsLargeAndSmallValuesExactly() throws Exception {
        assertThat(generalized(width("0.001"), new BigDecimal("0.00099"))).isEqualTo("0");
        assertThat(generalized(width("1"), 4.9E-324)).isEqualTo("0");
        assertThat(generalized(width("1"), -4.9E-324)).isEqualTo("-1");
        assertThat(generalized(width("1000"), new BigDecimal("9999999999999999999999999999999999999999"))) // 40 digits
                .isEqualTo("9999999999999999999999999999999999999000");
    }
}
