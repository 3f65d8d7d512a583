package org.homeport.anonymizer.generalize.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeport.anonymizer.generalize.internal.Events.event;
import static org.homeport.anonymizer.generalize.internal.Events.json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.event.TelemetryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GridGeneralizationTest {
    private final GeneralizeAnonymizer anonymizer = new GeneralizeAnonymizer();

    private AnonymizerStep step(String degrees) throws Exception {
        return degrees == null ? anonymizer.configure(Map.of("grid.fields", "attributes.location"))
                : anonymizer.configure(Map.of("grid.fields", "attributes.location", "grid.degrees", degrees));
    }

    private String location(String degrees, Object location) throws Exception {
        return json(step(degrees).apply(event(Map.of("location", location))));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void snapsLatLonToTheCentreOfATenthOfADegreeByDefaultWithoutFloatNoise() throws Exception {
        assertThat(location(null, Map.of("lat", 48.137154, "lon", 11.576124)))
                .isIn("{\"location\":{\"lat\":48.15,\"lon\":11.55}}", "{\"location\":{\"lon\":11.55,\"lat\":48.15}}");
    }

    @Test
    void acceptsTheLongKeyNamesAndLngAndKeepsTheKeysAndTheirOrder() throws Exception {
        assertThat(location("0.1", ordered("latitude", 48.137154, "longitude", 11.576124)))
                .isEqualTo("{\"location\":{\"latitude\":48.15,\"longitude\":11.55}}");
        assertThat(location("0.1", ordered("lng", 11.576124, "lat", 48.137154)))
                .isEqualTo("{\"location\":{\"lng\":11.55,\"lat\":48.15}}");
    }

    @Test
    void removesEveryOtherKeyOfALocationObject() throws Exception {
        Map<String, Object> location = ordered("lat", 48.137154, "accuracy", 4.5, "lon", 11.576124,
                "altitude", 519.2, "address", "Marienplatz 8", "type", "gps");

        assertThat(location("0.1", location)).isEqualTo("{\"location\":{\"lat\":48.15,\"lon\":11.55}}");
    }

    @Test
    void snapsAGeoJsonPointAndDropsItsAltitudeAndOtherMembers() throws Exception {
        Map<String, Object> point = ordered("type", "Point", "coordinates", List.of(11.576124, 48.137154, 519.2),
                "bbox", List.of(11.576124, 48.137154, 11.576124, 48.137154));

        assertThat(location("0.1", point))
                .isEqualTo("{\"location\":{\"type\":\"Point\",\"coordinates\":[11.55,48.15]}}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "48.137154,11.576124      | 48.15,11.55",
            "48.137154, 11.576124     | 48.15,11.55",
            "' 48.137154 , 11.576124 '| 48.15,11.55",
            "-33.8688,151.2093        | -33.85,151.25",
            "+48.1,-0.0001            | 48.15,-0.05"
    })
    void snapsLatCommaLonStringsAndWritesThemWithoutSpaces(String text, String expected) throws Exception {
        assertThat(step("0.1").apply(event(Map.of("location", text))).attributes()).isEqualTo(Map.of("location", expected));
    }

    @ParameterizedTest
    @CsvSource({
            // exact decimal cell edges: 48.1 / 0.1 in doubles is 480.99999..., which would give 48.05
            "0.1,    48.1,     48.15",
            "0.1,    48.2,     48.25",
            "0.1,    48.19999, 48.15",
            "0.1,    0,        0.05",
            "0.1,    -0.0001,  -0.05",
            "0.1,    -48.1,    -48.05",
            "0.1,    -48.10001, -48.15",
            "0.0001, 48.137154, 48.13715",
            "0.0001, -0.00001, -0.00005",
            "0.25,   48.137154, 48.125",
            "1,      48.137154, 48.5",
            "10,     48.137154, 45",
            // poles: a value on the pole belongs to the cell below it, cut cells are centred on what is left
            "0.1,    90,       89.95",
            "0.1,    -90,      -89.95",
            "10,     90,       85",
            "10,     -90,      -85",
            "8,      89.5,     89",
            "8,      90,       89",
            "8,      88,       89",
            "8,      87.9,     84",
            "8,      -89,      -89",
            "7,      90,       87",
            "7,      84,       87"
    })
    void snapsLatitudesToCellCentresInsideTheValidRange(String degrees, String latitude, String expected) throws Exception {
        GridGeneralizer grid = new GridGeneralizer(new BigDecimal(degrees), GridGeneralizer.Form.LATITUDE);

        Object result = grid.generalizeOne(new BigDecimal(latitude));

        assertThat(json(result)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            // the antimeridian: cells are not joined across it, each side keeps its own
            "0.1, 180,     179.95",
            "0.1, -180,    -179.95",
            "0.1, 179.99,  179.95",
            "7,   179.99,  177.5",
            "7,   180,     177.5",
            "7,   -179,    -177.5",
            "7,   -174.9,  -171.5",
            "8,   180,     178",
            "10,  -180,    -175",
            "10,  11.5,    15"
    })
    void snapsLongitudesToCellCentresInsideTheValidRange(String degrees, String longitude, String expected) throws Exception {
        GridGeneralizer grid = new GridGeneralizer(new BigDecimal(degrees), GridGeneralizer.Form.LONGITUDE);

        assertThat(json(grid.generalizeOne(new BigDecimal(longitude)))).isEqualTo(expected);
    }

    @Test
    void writesWholeCentresAsIntegers() throws Exception {
        assertThat(location("10", Map.of("lat", 48.137154))).isEqualTo("{}"); // no lon: removed
        assertThat(location("10", ordered("lat", 48.137154, "lon", 11.576124)))
                .isEqualTo("{\"location\":{\"lat\":45,\"lon\":15}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"90.0001", "-90.5", "180.0001"})
    void removesCoordinatesOutOfRange(String value) throws Exception {
        BigDecimal outOfRange = new BigDecimal(value);
        Map<String, Object> location = value.startsWith("180") ? Map.of("lat", 0, "lon", outOfRange)
                : Map.of("lat", outOfRange, "lon", 0);

        assertThat(step("0.1").apply(event(Map.of("location", location, "os", "linux"))).attributes())
                .isEqualTo(Map.of("os", "linux"));
    }

    @Test
    void removesWhatIsNoLocation() throws Exception {
        List<Object> notLocations = List.of(
                Map.of("lat", 48.1, "latitude", 48.1, "lon", 11.5),        // ambiguous
                Map.of("lat", 48.1, "lon", 11.5, "lng", 11.5),             // ambiguous
                Map.of("lat", "48.1", "lon", "11.5"),                      // text, not numbers
                Map.of("Lat", 48.1, "Lon", 11.5),
                Map.of("lat", 48.1),
                Map.of("lat", true, "lon", 11.5),
                Map.of("type", "LineString", "coordinates", List.of(List.of(11.5, 48.1), List.of(11.6, 48.2))),
                Map.of("type", "Point", "coordinates", List.of(11.5)),
                Map.of("type", "Point", "coordinates", List.of(11.5, 48.1, 500, 1)),
                Map.of("type", "Point", "coordinates", List.of(11.5, 95)),
                Map.of("type", "Point"),
                "48.1;11.5", "48.1 11.5", "48.1,11.5,500", "Marienplatz, Munich", "95,10", "10,181", "4.8e1,11.5",
                "", 48.137154, true);
        AnonymizerStep step = step("0.1");
        for (Object notALocation : notLocations) {
            TelemetryEvent result = step.apply(event(Map.of("location", notALocation, "os", "linux")));
            assertThat(result.attributes()).as("%s", notALocation).isEqualTo(Map.of("os", "linux"));
        }
    }

    @Test
    void removesNotANumberAndInfinityInsideALocation() {
        GridGeneralizer grid = new GridGeneralizer(new BigDecimal("0.1"), GridGeneralizer.Form.LOCATION);

        assertThat(grid.generalizeOne(Map.of("lat", Double.NaN, "lon", 11.5))).isSameAs(ValueGeneralizer.REMOVE);
        assertThat(grid.generalizeOne(Map.of("lat", 48.1, "lon", Double.POSITIVE_INFINITY))).isSameAs(ValueGeneralizer.REMOVE);
    }

    @Test
    void snapsEachLocationInAnArrayAndRemovesTheRest() throws Exception {
        List<Object> locations = List.of(Map.of("lat", 48.137154, "lon", 11.576124), "nowhere",
                List.of(11.576124, 48.137154), "48.137154,11.576124", 48.1);

        TelemetryEvent result = step("0.1").apply(event(Map.of("location", locations)));

        assertThat(json(result)).isIn(
                "{\"location\":[{\"lat\":48.15,\"lon\":11.55},\"48.15,11.55\"]}",
                "{\"location\":[{\"lon\":11.55,\"lat\":48.15},\"48.15,11.55\"]}");
    }

    @Test
    void snapsSeparateLatitudeAndLongitudeAttributes() throws Exception {
        AnonymizerStep step = anonymizer.configure(Map.of("grid.latitude.fields", "attributes.latitude",
                "grid.longitude.fields", "attributes.longitude", "grid.degrees", "0.01"));
        TelemetryEvent event = event(ordered("latitude", 48.137154, "longitude", 11.576124, "accuracyM", 12));

        assertThat(json(step.apply(event))).isEqualTo("{\"latitude\":48.135,\"longitude\":11.575,\"accuracyM\":12}");
        assertThat(step.apply(event(Map.of("latitude", 91, "longitude", "11.5", "network", "home"))).attributes())
                .isEqualTo(Map.of("network", "home"));
    }

    @Test
    void returnsTheSameEventWhenTheLocationsAreAlreadySnapped() throws Exception {
        TelemetryEvent event = event(Map.of(
                "location", Map.of("lat", 48.15, "lon", 11.55),
                "point", Map.of("type", "Point", "coordinates", List.of(11.55, 48.15)),
                "text", "48.15,11.55",
                "many", List.of(Map.of("latitude", -89.95, "lng", 179.95)),
                "lat", 48.15));
        AnonymizerStep step = anonymizer.configure(Map.of(
                "grid.fields", "attributes.location, attributes.point, attributes.text, attributes.many",
                "grid.latitude.fields", "attributes.lat"));

        assertThat(step.apply(event)).isSameAs(event);
    }

    @Test
    void snappingTwiceGivesTheSameResult() throws Exception {
        AnonymizerStep step = step("8");
        TelemetryEvent once = step.apply(event(Map.of("location", Map.of("lat", 90, "lon", 180))));

        assertThat(json(once)).isIn("{\"location\":{\"lat\":89,\"lon\":178}}", "{\"location\":{\"lon\":178,\"lat\":89}}");
        assertThat(step.apply(once)).isSameAs(once);
    }
}
