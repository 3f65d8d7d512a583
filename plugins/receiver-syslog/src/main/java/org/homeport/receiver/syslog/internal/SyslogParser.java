package org.homeport.receiver.syslog.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one syslog message, RFC 5424 or RFC 3164, by hand, in one pass over the text: a message
 * whose PRI is followed by version {@code 1} and a space is RFC 5424, anything else after a valid
 * PRI is read as RFC 3164. Every field and the structured data are bounded; the bytes must be valid
 * UTF-8. Refusals name the rule, never the content.
 */
final class SyslogParser {
    static final int MAX_HOSTNAME = 255;
    static final int MAX_APP_NAME = 48;
    static final int MAX_PROC_ID = 128;
    static final int MAX_MSG_ID = 32;
    static final int MAX_SD_NAME = 32;
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private final int maxMessageBytes;
    private final int maxSdElements;
    private final int maxSdParams;

    /**
     * @param maxMessageBytes most bytes of one message
     * @param maxSdElements   most structured-data elements of one message
     * @param maxSdParams     most parameters of all its elements together
     */
    SyslogParser(int maxMessageBytes, int maxSdElements, int maxSdParams) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxSdElements = maxSdElements;
        this.maxSdParams = maxSdParams;
    }

    SyslogMessage parse(byte[] bytes, Instant now) throws MalformedMessageException {
        return parse(bytes, 0, bytes.length, now);
    }

    SyslogMessage parse(byte[] bytes, int offset, int length, Instant now) throws MalformedMessageException {
        if (length > maxMessageBytes) {
            throw new MalformedMessageException("too-large", "a message is larger than " + maxMessageBytes + " bytes");
        }
        if (length == 0) {
            throw new MalformedMessageException("malformed", "an empty message");
        }
        String text = decode(bytes, offset, length);
        Cursor c = new Cursor(text);
        int pri = pri(c);
        if (c.remaining() >= 2 && c.peek() == '1' && c.peekAt(1) == ' ') {
            c.pos += 2;
            return rfc5424(c, pri);
        }
        return rfc3164(c, pri, now);
    }

    private static String decode(byte[] bytes, int offset, int length) throws MalformedMessageException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("invalid-utf8", "a message is not valid UTF-8");
        }
    }

    private static int pri(Cursor c) throws MalformedMessageException {
        if (c.atEnd() || c.next() != '<') {
            throw new MalformedMessageException("bad-pri", "a message does not start with <PRI>");
        }
        int value = 0;
        int digits = 0;
        while (!c.atEnd() && c.peek() >= '0' && c.peek() <= '9') {
            if (digits == 3 || (digits == 1 && value == 0)) {
                throw new MalformedMessageException("bad-pri", "PRI has more than three digits or a leading zero");
            }
            value = value * 10 + (c.next() - '0');
            digits++;
        }
        if (digits == 0 || c.atEnd() || c.next() != '>' || value > 191) {
            throw new MalformedMessageException("bad-pri", "PRI is not <0> to <191>");
        }
        return value;
    }

    private SyslogMessage rfc5424(Cursor c, int pri) throws MalformedMessageException {
        String timestamp = token(c, 64, "timestamp");
        c.expectSpace();
        String hostname = nil(token(c, MAX_HOSTNAME, "hostname"));
        c.expectSpace();
        String appName = nil(token(c, MAX_APP_NAME, "app-name"));
        c.expectSpace();
        String procId = nil(token(c, MAX_PROC_ID, "procid"));
        c.expectSpace();
        String msgId = nil(token(c, MAX_MSG_ID, "msgid"));
        c.expectSpace();
        List<SyslogMessage.SdElement> sd = structuredData(c);
        String msg = null;
        if (!c.atEnd()) {
            c.expectSpace();
            msg = c.rest();
            if (msg.startsWith("\uFEFF")) {
                msg = msg.substring(1);
            }
        }
        return new SyslogMessage(pri >> 3, pri & 7, 1, timestamp5424(timestamp), hostname, appName, procId, msgId, sd,
                msg);
    }

    private static Instant timestamp5424(String timestamp) throws MalformedMessageException {
        if (timestamp.equals("-")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException("bad-timestamp", "TIMESTAMP is not an RFC 3339 date-time");
        }
    }

    /** Printable US-ASCII up to the next space, at most {@code max} characters. */
    private static String token(Cursor c, int max, String name) throws MalformedMessageException {
        int start = c.pos;
        while (!c.atEnd() && c.peek() != ' ') {
            char ch = c.next();
            if (ch < 33 || ch > 126) {
                throw new MalformedMessageException("malformed", name + " holds a character that is not printable ASCII");
            }
            if (c.pos - start > max) {
                throw new MalformedMessageException("malformed", name + " is longer than " + max + " characters");
            }
        }
        if (c.pos == start) {
            throw new MalformedMessageException("malformed", name + " is missing");
        }
        return c.text.substring(start, c.pos);
    }

    private static String nil(String value) {
        return "-".equals(value) ? null : value;
    }

    private List<SyslogMessage.SdElement> structuredData(Cursor c) throws MalformedMessageException {
        if (c.atEnd()) {
            throw new MalformedMessageException("malformed", "STRUCTURED-DATA is missing");
        }
        if (c.peek() == '-') {
            c.pos++;
            return List.of();
        }
        List<SyslogMessage.SdElement> elements = new ArrayList<>();
        int params = 0;
        while (!c.atEnd() && c.peek() == '[') {
            if (elements.size() == maxSdElements) {
                throw new MalformedMessageException("too-many-sd-elements",
                        "more than " + maxSdElements + " structured-data elements");
            }
            c.pos++;
            String id = sdName(c, "SD-ID");
            Map<String, String> values = new LinkedHashMap<>();
            while (true) {
                if (c.atEnd()) {
                    throw new MalformedMessageException("malformed", "a structured-data element is not closed");
                }
                char ch = c.next();
                if (ch == ']') {
                    break;
                }
                if (ch != ' ') {
                    throw new MalformedMessageException("malformed", "a structured-data element is malformed");
                }
                if (++params > maxSdParams) {
                    throw new MalformedMessageException("too-many-sd-elements",
                            "more than " + maxSdParams + " structured-data parameters");
                }
                String name = sdName(c, "PARAM-NAME");
                if (c.atEnd() || c.next() != '=' || c.atEnd() || c.next() != '"') {
                    throw new MalformedMessageException("malformed", "a PARAM-VALUE is not quoted");
                }
                values.putIfAbsent(name, paramValue(c));
            }
            elements.add(new SyslogMessage.SdElement(id, values));
        }
        if (elements.isEmpty()) {
            throw new MalformedMessageException("malformed", "STRUCTURED-DATA is neither - nor [elements]");
        }
        return elements;
    }

    private static String sdName(Cursor c, String what) throws MalformedMessageException {
        int start = c.pos;
        while (!c.atEnd()) {
            char ch = c.peek();
            if (ch == '=' || ch == ' ' || ch == ']' || ch == '"') {
                break;
            }
            if (ch < 33 || ch > 126) {
                throw new MalformedMessageException("malformed", what + " holds a character that is not printable ASCII");
            }
            c.pos++;
            if (c.pos - start > MAX_SD_NAME) {
                throw new MalformedMessageException("malformed", what + " is longer than " + MAX_SD_NAME + " characters");
            }
        }
        if (c.pos == start) {
            throw new MalformedMessageException("malformed", what + " is missing");
        }
        return c.text.substring(start, c.pos);
    }

    /** After the opening quote: up to the closing one, with {@code \"}, {@code \\} and {@code \]} unescaped. */
    private static String paramValue(Cursor c) throws MalformedMessageException {
        StringBuilder value = new StringBuilder();
        while (!c.atEnd()) {
            char ch = c.next();
            if (ch == '"') {
                return value.toString();
            }
            if (ch == '\\' && !c.atEnd() && (c.peek() == '"' || c.peek() == '\\' || c.peek() == ']')) {
                value.append(c.next());
            } else {
                value.append(ch);
            }
        }
        throw new MalformedMessageException("malformed", "a PARAM-VALUE is not closed");
    }

    /**
     * {@code Mmm dd hh:mm:ss HOSTNAME TAG[pid]: MSG}; what does not fit this shape stays in MSG, as
     * RFC 3164 section 4.3 asks of a receiver.
     */
    private static SyslogMessage rfc3164(Cursor c, int pri, Instant now) {
        Instant timestamp = timestamp3164(c, now);
        String hostname = null;
        if (timestamp != null) {
            int start = c.pos;
            while (!c.atEnd() && c.peek() != ' ' && c.pos - start <= MAX_HOSTNAME) {
                c.pos++;
            }
            if (!c.atEnd() && c.peek() == ' ' && c.pos > start) {
                hostname = c.text.substring(start, c.pos);
                c.pos++;
            } else {
                c.pos = start;
            }
        }
        String tag = null;
        String procId = null;
        int start = c.pos;
        while (!c.atEnd() && c.pos - start < MAX_APP_NAME && isTagChar(c.peek())) {
            c.pos++;
        }
        int tagEnd = c.pos;
        if (tagEnd > start && !c.atEnd() && (c.peek() == ':' || c.peek() == '[')) {
            if (c.peek() == '[') {
                int pidStart = c.pos + 1;
                int close = c.text.indexOf(']', pidStart);
                if (close > pidStart && close - pidStart <= MAX_PROC_ID && close + 1 < c.text.length()
                        && c.text.charAt(close + 1) == ':') {
                    procId = c.text.substring(pidStart, close);
                    c.pos = close + 1;
                }
            }
            if (!c.atEnd() && c.peek() == ':') {
                tag = c.text.substring(start, tagEnd);
                c.pos++;
                if (!c.atEnd() && c.peek() == ' ') {
                    c.pos++;
                }
            } else {
                c.pos = start;
                procId = null;
            }
        } else {
            c.pos = start;
        }
        return new SyslogMessage(pri >> 3, pri & 7, 0, timestamp, hostname, tag, procId, null, List.of(), c.rest());
    }

    private static boolean isTagChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-'
                || ch == '_' || ch == '.' || ch == '/';
    }

    /** {@code Mmm dd hh:mm:ss } in the current year (UTC), or {@code null} leaving the cursor where it was. */
    private static Instant timestamp3164(Cursor c, Instant now) {
        if (c.remaining() < 16 || c.text.charAt(c.pos + 15) != ' ') {
            return null;
        }
        String t = c.text.substring(c.pos, c.pos + 15);
        int month = -1;
        for (int i = 0; i < MONTHS.length; i++) {
            if (t.startsWith(MONTHS[i])) {
                month = i + 1;
            }
        }
        if (month < 0 || t.charAt(3) != ' ' || t.charAt(6) != ' ' || t.charAt(9) != ':' || t.charAt(12) != ':') {
            return null;
        }
        int day = number(t, 4, 6);
        int hour = number(t, 7, 9);
        int minute = number(t, 10, 12);
        int second = number(t, 13, 15);
        if (day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return null;
        }
        try {
            int year = now.atOffset(ZoneOffset.UTC).getYear();
            Instant at = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59)).toInstant(ZoneOffset.UTC);
            if (at.isAfter(now.plusSeconds(86_400 * 30L))) {
                at = LocalDateTime.of(year - 1, month, day, hour, minute, Math.min(second, 59)).toInstant(ZoneOffset.UTC);
            }
            c.pos += 16;
            return at;
        } catch (java.time.DateTimeException e) {
            return null; // 31 Feb and the like
        }
    }

    private static int number(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char ch = t.charAt(i);
            if (ch == ' ' && i == from) {
                continue;
            }
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        int remaining() {
            return text.length() - pos;
        }

        char peek() {
            return text.charAt(pos);
        }

        char peekAt(int ahead) {
            return text.charAt(pos + ahead);
        }

        char next() {
            return text.charAt(pos++);
        }

        String rest() {
            String rest = text.substring(pos);
            pos = text.length();
            return rest;
        }

        void expectSpace() throws MalformedMessageException {
            if (atEnd() || next() != ' ') {
                throw new MalformedMessageException("malformed", "a header field is not followed by a space");
            }
        }
    }
}
