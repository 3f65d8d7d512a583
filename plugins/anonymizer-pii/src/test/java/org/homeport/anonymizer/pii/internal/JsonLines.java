package org.homeport.anonymizer.pii.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough JSON for the corpus lines: objects, arrays, strings and integers. */
final class JsonLines {
    private final String json;
    private int at;

    private JsonLines(String json) {
        this.json = json;
    }

    static Object parse(String line) {
        JsonLines parser = new JsonLines(line);
        Object value = parser.value();
        parser.skipSpace();
        if (parser.at != line.length()) {
            throw new IllegalArgumentException("trailing characters at " + parser.at);
        }
        return value;
    }

    private Object value() {
        skipSpace();
        char c = json.charAt(at);
        if (c == '{') {
            Map<String, Object> object = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (json.charAt(at) == '}') {
                at++;
                return object;
            }
            do {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                object.put(key, value());
                skipSpace();
            } while (json.charAt(at++) == ',');
            requirePrevious('}');
            return object;
        }
        if (c == '[') {
            List<Object> array = new ArrayList<>();
            at++;
            skipSpace();
            if (json.charAt(at) == ']') {
                at++;
                return array;
            }
            do {
                array.add(value());
                skipSpace();
            } while (json.charAt(at++) == ',');
            requirePrevious(']');
            return array;
        }
        if (c == '"') {
            return string();
        }
        int start = at;
        while (at < json.length() && (Character.isDigit(json.charAt(at)) || json.charAt(at) == '-')) {
            at++;
        }
        return Integer.parseInt(json.substring(start, at));
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (json.charAt(at) != '"') {
            char c = json.charAt(at++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = json.charAt(at++);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> out.append(escaped);
            }
        }
        at++;
        return out.toString();
    }

    private void skipSpace() {
        while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
            at++;
        }
    }

    private void expect(char c) {
        if (json.charAt(at) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at);
        }
        at++;
    }

    private void requirePrevious(char c) {
        if (json.charAt(at - 1) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + (at - 1));
        }
    }
}
