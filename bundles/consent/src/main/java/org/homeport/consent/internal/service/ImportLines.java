package org.homeport.consent.internal.service;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.homeport.api.consent.ConsentState;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.ImportFormat;
import org.homeport.consent.internal.store.Sha256;

/**
 * Reads the data lines of a consent import, JSON lines or CSV, into choices or the reason a line
 * cannot be read. Reasons never quote a value: lines hold subject ids. Blank lines are skipped; a
 * line's number counts every physical line, so it is the one an editor shows.
 */
final class ImportLines {
    private static final List<String> COLUMNS =
            List.of("subject", "purpose", "state", "recordedAt", "requestId", "policyVersion");
    private static final List<String> REQUIRED = List.of("subject", "purpose", "state");

    /**
     * One choice as the line states it.
     *
     * @param recordedAt    when it was made, or {@code null} when the line does not say
     * @param requestId     the line's request id, or one derived from its content
     * @param policyVersion the version the subject was shown, or 0 for the current one
     */
    record Choice(String subject, String purpose, ConsentState state, Instant recordedAt, String requestId,
            int policyVersion) {
    }

    /** A data line: its number and either its choice or why it cannot be read. */
    record Line(long number, Choice choice, String error) {
    }

    /** Thrown while reading one line: the line is rejected with this reason. */
    private static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(String reason) {
            super(reason, null, false, false);
        }
    }

    /** How often each content was seen so far, so repeated identical lines get different derived ids. */
    private final Map<String, Integer> occurrences = new HashMap<>();

    private ImportLines() {
    }

    /**
     * @throws ConsentException {@code MALFORMED} if a CSV input has no usable header row
     */
    static List<Line> read(Reader input, ImportFormat format) {
        ImportLines reader = new ImportLines();
        try {
            return format == ImportFormat.CSV ? reader.csv(new BufferedReader(input))
                    : reader.jsonLines(new BufferedReader(input));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the import", e);
        }
    }

    private List<Line> jsonLines(BufferedReader input) throws IOException {
        List<Line> lines = new ArrayList<>();
        long number = 0;
        for (String text = input.readLine(); text != null; text = input.readLine()) {
            number++;
            text = withoutByteOrderMark(text, number);
            if (text.isBlank()) {
                continue;
            }
            try {
                lines.add(new Line(number, choice(jsonFields(text)), null));
            } catch (BadLine e) {
                lines.add(new Line(number, null, e.getMessage()));
            }
        }
        return lines;
    }

    private static Map<String, String> jsonFields(String text) throws BadLine {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            // the decoder's message quotes the line
            throw new BadLine("not a JSON object");
        }
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, Object> field : json) {
            if (!COLUMNS.contains(field.getKey())) {
                throw new BadLine("unknown field '" + field.getKey() + "'; the fields are " + String.join(", ", COLUMNS));
            }
            Object value = field.getValue();
            boolean number = field.getKey().equals("policyVersion");
            if (value != null && (number ? !(value instanceof Integer) : !(value instanceof String))) {
                throw new BadLine("'" + field.getKey() + "' must be " + (number ? "an integer" : "a string"));
            }
            if (value != null) {
                fields.put(field.getKey(), String.valueOf(value));
            }
        }
        return fields;
    }

    private List<Line> csv(BufferedReader input) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<String> header = null;
        long number = 0;
        for (String text = input.readLine(); text != null; text = input.readLine()) {
            number++;
            text = withoutByteOrderMark(text, number);
            if (text.isBlank()) {
                continue;
            }
            if (header == null) {
                header = header(text);
                continue;
            }
            try {
                List<String> values = csvFields(text);
                if (values.size() != header.size()) {
                    throw new BadLine("has " + values.size() + " fields, the header row names " + header.size());
                }
                Map<String, String> fields = new HashMap<>();
                for (int i = 0; i < values.size(); i++) {
                    fields.put(header.get(i), values.get(i));
                }
                lines.add(new Line(number, choice(fields), null));
            } catch (BadLine e) {
                lines.add(new Line(number, null, e.getMessage()));
            }
        }
        if (header == null) {
            throw new ConsentException(Reason.MALFORMED, "the CSV has no header row; it needs at least "
                    + String.join(",", REQUIRED));
        }
        return lines;
    }

    /** The column names, spelled as in {@link #COLUMNS} whatever their case. */
    private static List<String> header(String text) {
        List<String> names = new ArrayList<>();
        try {
            for (String name : csvFields(text)) {
                String column = COLUMNS.stream().filter(known -> known.equalsIgnoreCase(name)).findFirst()
                        .orElseThrow(() -> new ConsentException(Reason.MALFORMED, "the header row names an unknown column '"
                                + name + "'; the columns are " + String.join(", ", COLUMNS)));
                if (names.contains(column)) {
                    throw new ConsentException(Reason.MALFORMED, "the header row names '" + column + "' twice");
                }
                names.add(column);
            }
        } catch (BadLine e) {
            throw new ConsentException(Reason.MALFORMED, "the header row " + e.getMessage());
        }
        for (String required : REQUIRED) {
            if (!names.contains(required)) {
                throw new ConsentException(Reason.MALFORMED, "the header row names no '" + required + "' column");
            }
        }
        return names;
    }

    /** Comma-separated fields, each optionally in double quotes ({@code ""} for a quote); spaces around are dropped. */
    private static List<String> csvFields(String text) throws BadLine {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new BadLine("has a quoted field that is not closed");
        }
        fields.add(field.toString().trim());
        return fields;
    }

    private Choice choice(Map<String, String> fields) throws BadLine {
        String subject = required(fields, "subject");
        String purpose = required(fields, "purpose");
        ConsentState state = state(required(fields, "state"));
        Instant recordedAt = recordedAt(fields.get("recordedAt"));
        int policyVersion = policyVersion(fields.get("policyVersion"));
        String requestId = fields.get("requestId");
        if (requestId == null || requestId.isEmpty()) {
            requestId = derivedRequestId(subject, purpose, state, recordedAt);
        }
        return new Choice(subject, purpose, state, recordedAt, requestId, policyVersion);
    }

    /**
     * The same choice in the same file gets the same id every time it is imported, in either
     * format; a repeat of a line (granted, withdrawn, granted again) is a choice of its own.
     */
    private String derivedRequestId(String subject, String purpose, ConsentState state, Instant recordedAt) {
        String content = String.join("\n", subject, purpose, state.name(), recordedAt == null ? "" : recordedAt.toString());
        int occurrence = occurrences.merge(content, 1, Integer::sum);
        return "import:" + Sha256.hex(content + "\n" + occurrence);
    }

    private static String required(Map<String, String> fields, String name) throws BadLine {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new BadLine("'" + name + "' is required");
        }
        return value;
    }

    private static ConsentState state(String text) throws BadLine {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "granted": return ConsentState.GRANTED;
            case "denied": return ConsentState.DENIED;
            case "withdrawn": return ConsentState.WITHDRAWN;
            default: throw new BadLine("'state' is granted, denied or withdrawn");
        }
    }

    private static Instant recordedAt(String text) throws BadLine {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadLine("'recordedAt' must be an ISO-8601 time with an offset, e.g. 2025-05-01T10:00:00Z");
        }
    }

    private static int policyVersion(String text) throws BadLine {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadLine("'policyVersion' must be an integer");
        }
    }

    /** Files saved by spreadsheets often start with a byte order mark. */
    private static String withoutByteOrderMark(String text, long number) {
        return number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
