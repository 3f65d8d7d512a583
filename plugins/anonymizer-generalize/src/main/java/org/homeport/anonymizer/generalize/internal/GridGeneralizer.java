package org.homeport.anonymizer.generalize.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snaps coordinates to the centre of their cell in a grid of square cells, {@code degrees} on a
 * side, aligned on 0° latitude and 0° longitude. Cells are cut at the poles and the antimeridian,
 * so every output is a valid coordinate: the centre of the part of the cell that lies in range.
 * A value exactly on the pole or on 180° belongs to the cell below it.
 */
final class GridGeneralizer implements ValueGeneralizer {
    static final BigDecimal MIN_DEGREES = new BigDecimal("0.0001");
    static final BigDecimal MAX_DEGREES = BigDecimal.TEN;

    private static final BigDecimal LATITUDE_LIMIT = BigDecimal.valueOf(90);
    private static final BigDecimal LONGITUDE_LIMIT = BigDecimal.valueOf(180);
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final List<String> LATITUDE_KEYS = List.of("lat", "latitude");
    private static final List<String> LONGITUDE_KEYS = List.of("lon", "lng", "longitude");
    private static final int MAX_TEXT_LENGTH = 100;
    private static final Pattern LAT_LON = Pattern.compile(
            "\\s*([+-]?[0-9]{1,3}(?:\\.[0-9]{1,30})?)\\s*,\\s*([+-]?[0-9]{1,3}(?:\\.[0-9]{1,30})?)\\s*");

    /** Which values a generalizer of this grid takes: whole locations or one coordinate. */
    enum Form { LOCATION, LATITUDE, LONGITUDE }

    private final BigDecimal degrees;
    private final Form form;

    GridGeneralizer(BigDecimal degrees, Form form) {
        this.degrees = degrees;
        this.form = form;
    }

    @Override
    public Object generalizeOne(Object value) {
        return switch (form) {
            case LATITUDE -> coordinate(value, LATITUDE_LIMIT);
            case LONGITUDE -> coordinate(value, LONGITUDE_LIMIT);
            case LOCATION -> location(value);
        };
    }

    /** @return the centre of the cell holding {@code value}, or {@code null} if it is out of range */
    BigDecimal snap(BigDecimal value, BigDecimal limit) {
        if (value.abs().compareTo(limit) > 0) {
            return null;
        }
        BigDecimal lower = value.divide(degrees, 0, RoundingMode.FLOOR).multiply(degrees);
        if (lower.compareTo(limit) >= 0) {
            lower = lower.subtract(degrees); // exactly on the pole or the antimeridian
        }
        BigDecimal low = lower.max(limit.negate());
        BigDecimal high = lower.add(degrees).min(limit);
        return low.add(high).multiply(HALF);
    }

    private Object coordinate(Object value, BigDecimal limit) {
        BigDecimal number = Numbers.decimal(value);
        BigDecimal snapped = number == null ? null : snap(number, limit);
        if (snapped == null) {
            return REMOVE;
        }
        return snapped.compareTo(number) == 0 ? value : Numbers.json(snapped);
    }

    private Object location(Object value) {
        if (value instanceof String text) {
            return text(text);
        }
        if (value instanceof Map<?, ?> object) {
            return "Point".equals(object.get("type")) ? geoJsonPoint(object) : latLonObject(object);
        }
        return REMOVE;
    }

    /** {@code "48.137154, 11.576124"} gives {@code "48.15,11.55"}. */
    private Object text(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            return REMOVE;
        }
        Matcher m = LAT_LON.matcher(text);
        if (!m.matches()) {
            return REMOVE;
        }
        BigDecimal lat = snap(new BigDecimal(m.group(1)), LATITUDE_LIMIT);
        BigDecimal lon = snap(new BigDecimal(m.group(2)), LONGITUDE_LIMIT);
        if (lat == null || lon == null) {
            return REMOVE;
        }
        String result = Numbers.text(lat) + "," + Numbers.text(lon);
        return result.equals(text) ? text : result;
    }

    /**
     * Keeps only the latitude and longitude keys, snapped: anything else in a location object
     * (accuracy, altitude, an address, a geohash) may place it more precisely than the grid.
     */
    private Object latLonObject(Map<?, ?> object) {
        String latKey = onlyKey(object, LATITUDE_KEYS);
        String lonKey = onlyKey(object, LONGITUDE_KEYS);
        if (latKey == null || lonKey == null) {
            return REMOVE;
        }
        Object lat = coordinate(object.get(latKey), LATITUDE_LIMIT);
        Object lon = coordinate(object.get(lonKey), LONGITUDE_LIMIT);
        if (lat == REMOVE || lon == REMOVE) {
            return REMOVE;
        }
        if (object.size() == 2 && lat == object.get(latKey) && lon == object.get(lonKey)) {
            return object;
        }
        Map<String, Object> out = new LinkedHashMap<>(4);
        for (Object key : object.keySet()) {
            if (key.equals(latKey)) {
                out.put(latKey, lat);
            } else if (key.equals(lonKey)) {
                out.put(lonKey, lon);
            }
        }
        return out;
    }

    /** @return the one key of {@code candidates} the object has, or {@code null} if none or several */
    private static String onlyKey(Map<?, ?> object, List<String> candidates) {
        String found = null;
        for (String candidate : candidates) {
            if (object.containsKey(candidate)) {
                if (found != null) {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }

    /**
     * A GeoJSON Point keeps {@code type} and {@code coordinates} {@code [lon, lat]}; an altitude
     * and other members (a {@code bbox} repeats the exact position) are removed.
     */
    private Object geoJsonPoint(Map<?, ?> object) {
        if (!(object.get("coordinates") instanceof List<?> position) || position.size() < 2 || position.size() > 3) {
            return REMOVE;
        }
        Object lon = coordinate(position.get(0), LONGITUDE_LIMIT);
        Object lat = coordinate(position.get(1), LATITUDE_LIMIT);
        if (lat == REMOVE || lon == REMOVE) {
            return REMOVE;
        }
        if (object.size() == 2 && position.size() == 2 && lon == position.get(0) && lat == position.get(1)) {
            return object;
        }
        Map<String, Object> out = new LinkedHashMap<>(4);
        out.put("type", "Point");
        out.put("coordinates", List.of(lon, lat));
        return out;
    }
}
