package org.homeport.aggregate.kanon.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeport.api.util.EventJson;

/**
 * Writes and reads state log lines: one JSON object per line whose single key says what it is.
 *
 * <pre>
 * {"homeport.aggregate.state":2}
 * {"key":"base64 of the 32-byte key of the people's hashes"}
 * {"counts":[[start,end,part,"tenant","purpose",{"attributes.programme":"News"},n,people],...]}
 *            (the group is null for the overflow group of the tenant and purpose; people is an array
 *            of 16-hex-digit keyed hashes, or {"hll":"base64 of 256 registers"} once sketched)
 * {"seal":[start,end,part,partial]}
 * {"emitted":[start,end,part]}
 * {"window":[start,end,openPart]}
 * </pre>
 *
 * Window bounds are epoch milliseconds. The log holds counts, group values and keyed hashes of the
 * people counted, never an event, an event id, a subject or a device. Version 1 logs (counts
 * without people, no key) are still read: their groups count no people.
 */
final class StateCodec {
    static final int VERSION = 2;
    private static final int VERSION_WITHOUT_PEOPLE = 1;
    private static final String HEADER_KEY = "homeport.aggregate.state";

    private final JsonFactory json = new JsonFactory();
    /** Up to how many people the groups read back are counted exactly. */
    private final int exactPeople;

    StateCodec(int exactPeople) {
        this.exactPeople = exactPeople;
    }

    String encode(StateRecord record) {
        StringBuilder out = new StringBuilder(128);
        if (record instanceof StateRecord.Header header) {
            out.append("{\"").append(HEADER_KEY).append("\":").append(header.version()).append('}');
        } else if (record instanceof StateRecord.Counts counts) {
            out.append("{\"counts\":[");
            boolean first = true;
            for (StateRecord.Count count : counts.counts()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('[').append(count.window().start()).append(',').append(count.window().end())
                        .append(',').append(count.part()).append(',');
                EventJson.appendString(out, count.group().tenant());
                out.append(',');
                EventJson.appendString(out, count.group().purpose());
                if (count.group().overflow()) {
                    out.append(",null,").append(count.n());
                    appendPeople(out, count.people());
                    out.append(']');
                    continue;
                }
                out.append(",{");
                List<String> paths = count.group().paths();
                for (int i = 0; i < paths.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    EventJson.appendString(out, paths.get(i));
                    out.append(':');
                    EventJson.appendValue(out, count.group().values().get(i));
                }
                out.append("},").append(count.n());
                appendPeople(out, count.people());
                out.append(']');
            }
            out.append("]}");
        } else if (record instanceof StateRecord.Key key) {
            out.append("{\"key\":\"").append(Base64.getEncoder().encodeToString(key.key())).append("\"}");
        } else if (record instanceof StateRecord.Seal seal) {
            out.append("{\"seal\":[").append(seal.window().start()).append(',').append(seal.window().end())
                    .append(',').append(seal.part()).append(',').append(seal.partial()).append("]}");
        } else if (record instanceof StateRecord.Emitted emitted) {
            out.append("{\"emitted\":[").append(emitted.window().start()).append(',').append(emitted.window().end())
                    .append(',').append(emitted.part()).append("]}");
        } else if (record instanceof StateRecord.WindowOpenPart window) {
            out.append("{\"window\":[").append(window.window().start()).append(',').append(window.window().end())
                    .append(',').append(window.openPart()).append("]}");
        } else {
            throw new IllegalArgumentException("unknown state record " + record.getClass().getName());
        }
        return out.toString();
    }

    private static void appendPeople(StringBuilder out, People people) {
        out.append(',');
        byte[] registers = people == null ? null : people.registers();
        if (registers != null) {
            out.append("{\"hll\":\"").append(Base64.getEncoder().encodeToString(registers)).append("\"}");
            return;
        }
        out.append('[');
        long[] hashes = people == null ? new long[0] : people.hashes();
        for (int i = 0; i < hashes.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(HexFormat.of().toHexDigits(hashes[i])).append('"');
        }
        out.append(']');
    }

    /**
     * @throws IllegalArgumentException if the line is not a state record this version wrote
     */
    StateRecord decode(String line) {
        Object parsed;
        try (JsonParser parser = json.createParser(line)) {
            JsonToken first = parser.nextToken();
            parsed = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> object) || object.size() != 1) {
            throw new IllegalArgumentException("not a state record");
        }
        Map.Entry<?, ?> entry = object.entrySet().iterator().next();
        Object body = entry.getValue();
        switch (String.valueOf(entry.getKey())) {
            case HEADER_KEY: {
                long version = number(body);
                if (version != VERSION && version != VERSION_WITHOUT_PEOPLE) {
                    throw new IllegalArgumentException("state log version " + version + " is not supported (this is "
                            + VERSION + ")");
                }
                return new StateRecord.Header((int) version);
            }
            case "key": {
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(text(body));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("key is not base64");
                }
                if (key.length != PersonHashes.KEY_BYTES) {
                    throw new IllegalArgumentException("key has " + key.length + " bytes, not " + PersonHashes.KEY_BYTES);
                }
                return new StateRecord.Key(key);
            }
            case "counts": {
                List<StateRecord.Count> counts = new ArrayList<>();
                for (Object element : list(body, -1)) {
                    List<?> fields = list(element, -1);
                    if (fields.size() != 7 && fields.size() != 8) {
                        throw new IllegalArgumentException("expected an array of 7 or 8");
                    }
                    People people = fields.size() == 8 ? people(fields.get(7)) : null;
                    WindowKey window = new WindowKey(number(fields.get(0)), number(fields.get(1)));
                    int part = part(fields.get(2));
                    if (fields.get(5) == null) {
                        long n = number(fields.get(6));
                        if (n <= 0) {
                            throw new IllegalArgumentException("count must be positive");
                        }
                        counts.add(new StateRecord.Count(window, part,
                                GroupKey.overflowOf(text(fields.get(3)), text(fields.get(4))), n, people));
                        continue;
                    }
                    if (!(fields.get(5) instanceof Map<?, ?> group)) {
                        throw new IllegalArgumentException("group is not an object");
                    }
                    List<String> paths = new ArrayList<>(group.size());
                    List<Object> values = new ArrayList<>(group.size());
                    for (Map.Entry<?, ?> field : group.entrySet()) {
                        paths.add(String.valueOf(field.getKey()));
                        values.add(GroupValues.normalize(field.getValue()));
                    }
                    long n = number(fields.get(6));
                    if (n <= 0) {
                        throw new IllegalArgumentException("count must be positive");
                    }
                    counts.add(new StateRecord.Count(window, part,
                            new GroupKey(text(fields.get(3)), text(fields.get(4)), paths, values), n, people));
                }
                return new StateRecord.Counts(counts);
            }
            case "seal": {
                List<?> fields = list(body, 4);
                if (!(fields.get(3) instanceof Boolean partial)) {
                    throw new IllegalArgumentException("partial is not a boolean");
                }
                return new StateRecord.Seal(window(fields), part(fields.get(2)), partial);
            }
            case "emitted": {
                List<?> fields = list(body, 3);
                return new StateRecord.Emitted(window(fields), part(fields.get(2)));
            }
            case "window": {
                List<?> fields = list(body, 3);
                return new StateRecord.WindowOpenPart(window(fields), part(fields.get(2)));
            }
            default:
                throw new IllegalArgumentException("unknown state record '" + entry.getKey() + "'");
        }
    }

    /** The people of a count: hashes exactly, or a sketch's registers. */
    private People people(Object value) {
        if (value instanceof Map<?, ?> sketch) {
            if (sketch.size() != 1 || !(sketch.get("hll") instanceof String registers)) {
                throw new IllegalArgumentException("people is neither an array of hashes nor {\"hll\":...}");
            }
            try {
                return People.ofRegisters(exactPeople, Base64.getDecoder().decode(registers));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("people: " + e.getMessage());
            }
        }
        People people = new People(exactPeople);
        for (Object hash : list(value, -1)) {
            String hex = text(hash);
            if (hex.length() != 16) {
                throw new IllegalArgumentException("a person's hash has 16 hex digits");
            }
            try {
                people.add(HexFormat.fromHexDigitsToLong(hex));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a person's hash has 16 hex digits");
            }
        }
        return people;
    }

    private static WindowKey window(List<?> fields) {
        return new WindowKey(number(fields.get(0)), number(fields.get(1)));
    }

    private static int part(Object value) {
        long part = number(value);
        if (part < 1 || part > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("part out of range: " + part);
        }
        return (int) part;
    }

    private static long number(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException("expected an integer");
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("expected a string");
    }

    private static List<?> list(Object value, int size) {
        if (!(value instanceof List<?> list) || (size >= 0 && list.size() != size)) {
            throw new IllegalArgumentException("expected an array" + (size >= 0 ? " of " + size : ""));
        }
        return list;
    }

    /** A JSON value as plain Java: Map, List, String, Boolean, null, Long, BigInteger or Double. */
    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IllegalArgumentException("empty line");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String key = parser.currentName();
                    object.put(key, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return GroupValues.normalize(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return GroupValues.normalize(parser.getDoubleValue());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected " + token);
        }
    }
}
