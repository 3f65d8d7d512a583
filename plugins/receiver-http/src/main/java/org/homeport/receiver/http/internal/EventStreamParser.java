package org.homeport.receiver.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.homeport.api.event.JsonData;

/**
 * Turns body bytes, fed as they arrive, into raw events (deep-immutable {@code Map}/{@code List}
 * JSON values, as {@link JsonData} makes them), enforcing the nesting and event-count limits while parsing, so a hostile body is
 * refused before it is buffered. The body is either one JSON array of events or a sequence of
 * root-level event objects (NDJSON or simply concatenated).
 *
 * <p>String and name lengths are enforced by the {@link JsonFactory}'s
 * {@link com.fasterxml.jackson.core.StreamReadConstraints}. Not thread-safe: one per request.
 */
final class EventStreamParser implements AutoCloseable {

    /** One root-level event as parsed; {@code duplicateField} names a repeated key, if any. */
    record RawEvent(int index, Object value, String duplicateField) {
    }

    @FunctionalInterface
    interface EventHandler {
        void onEvent(RawEvent event) throws ProblemException;
    }

    private enum Root { UNKNOWN, ARRAY, OBJECTS }

    /**
     * An open object or array of the event being built, with the key awaiting its value. Built
     * with {@link JsonData}'s builders, so what the parser hands out is deep-immutable already and
     * {@link org.homeport.api.event.TelemetryEvent} keeps it without a copy.
     */
    private static final class Frame {
        final JsonData.ObjectBuilder object;
        final JsonData.ArrayBuilder array;
        String key;

        Frame(boolean isObject) {
            object = isObject ? JsonData.objectBuilder() : null;
            array = isObject ? null : JsonData.arrayBuilder();
        }

        Object frozen() {
            return object != null ? object.build() : array.build();
        }
    }

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final int maxDepth;
    private final int maxEvents;
    private final int maxStringLength;
    private final int maxValuesPerEvent;
    private final int maxValuesPerRequest;
    private final EventHandler handler;
    private final List<Frame> stack = new ArrayList<>();

    private Root root = Root.UNKNOWN;
    private boolean inRootArray;
    private int events;
    private String duplicateField;
    /** JSON values of the event being built, and of the whole request. */
    private int eventValues;
    private int requestValues;

    EventStreamParser(JsonFactory json, int maxDepth, int maxEvents, int maxStringLength, EventHandler handler) {
        this(json, maxDepth, maxEvents, maxStringLength, ReceiverConfig.DEFAULT_MAX_VALUES_PER_EVENT,
                ReceiverConfig.DEFAULT_MAX_VALUES_PER_REQUEST, handler);
    }

    /**
     * @param maxValuesPerEvent   most JSON values (objects, arrays and scalars) in one event, the
     *                            event object included; each becomes an object on the heap, so this
     *                            bounds memory where bytes cannot ({@code [[],[],…]} is 2 bytes a value)
     * @param maxValuesPerRequest most JSON values in the whole request
     */
    EventStreamParser(JsonFactory json, int maxDepth, int maxEvents, int maxStringLength, int maxValuesPerEvent,
            int maxValuesPerRequest, EventHandler handler) {
        try {
            this.parser = json.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON parser", e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.maxDepth = maxDepth;
        this.maxEvents = maxEvents;
        this.maxStringLength = maxStringLength;
        this.maxValuesPerEvent = maxValuesPerEvent;
        this.maxValuesPerRequest = maxValuesPerRequest;
        this.handler = handler;
    }

    /** JSON values parsed so far in this request. */
    int valueCount() {
        return requestValues;
    }

    int eventCount() {
        return events;
    }

    /** Parses what these bytes complete; the parser does not keep a reference to them. */
    void feed(byte[] bytes, int offset, int length) throws ProblemException {
        if (length == 0) {
            return;
        }
        try {
            feeder.feedInput(bytes, offset, offset + length);
        } catch (IOException e) {
            throw malformed(e);
        }
        drain();
    }

    /** The body has ended: everything fed must form complete events, at least one. */
    void finish() throws ProblemException {
        feeder.endOfInput();
        drain();
        if (!stack.isEmpty() || inRootArray) {
            throw new ProblemException(Problem.MALFORMED_JSON, "the body ends inside a JSON value");
        }
        if (events == 0) {
            throw new ProblemException(Problem.NO_EVENTS, "the body contains no events");
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing to release that matters: the parser reads from memory only
        }
    }

    private void drain() throws ProblemException {
        try {
            JsonToken token;
            while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                if (stack.isEmpty()) {
                    atRoot(token);
                } else {
                    inEvent(token);
                }
            }
        } catch (StreamConstraintsException e) {
            throw new ProblemException(Problem.STRING_TOO_LONG, "a string, field name or number near "
                    + position(parser.currentLocation()) + " is too long (max.string.length is "
                    + maxStringLength + ")");
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private void atRoot(JsonToken token) throws IOException, ProblemException {
        switch (root) {
            case UNKNOWN -> {
                if (token == JsonToken.START_ARRAY) {
                    root = Root.ARRAY;
                    inRootArray = true;
                } else if (token == JsonToken.START_OBJECT) {
                    root = Root.OBJECTS;
                    startEvent(token);
                } else {
                    throw structure("the body must be a JSON array of events or a sequence of event objects");
                }
            }
            case ARRAY -> {
                if (!inRootArray) {
                    throw structure("unexpected content after the array of events");
                } else if (token == JsonToken.END_ARRAY) {
                    inRootArray = false;
                } else {
                    startEvent(token);
                }
            }
            case OBJECTS -> {
                if (token != JsonToken.START_OBJECT) {
                    throw structure("expected an event object");
                }
                startEvent(token);
            }
        }
    }

    private void startEvent(JsonToken token) throws IOException, ProblemException {
        if (events == maxEvents) {
            throw new ProblemException(Problem.TOO_MANY_EVENTS,
                    "the request holds more than " + maxEvents + " events");
        }
        duplicateField = null;
        eventValues = 0;
        countValue();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            stack.add(new Frame(token == JsonToken.START_OBJECT));
        } else {
            // a scalar inside the array: still an event slot, rejected later by the mapper
            completeEvent(scalar(token));
        }
    }

    private void inEvent(JsonToken token) throws IOException, ProblemException {
        Frame top = stack.get(stack.size() - 1);
        switch (token) {
            case FIELD_NAME -> top.key = parser.currentName();
            case START_OBJECT, START_ARRAY -> {
                if (stack.size() >= maxDepth) {
                    throw new ProblemException(Problem.NESTING_TOO_DEEP, "an event near "
                            + position(parser.currentTokenLocation()) + " is nested deeper than "
                            + maxDepth + " levels");
                }
                countValue();
                stack.add(new Frame(token == JsonToken.START_OBJECT));
            }
            case END_OBJECT, END_ARRAY -> {
                stack.remove(stack.size() - 1);
                if (stack.isEmpty()) {
                    completeEvent(top.frozen());
                } else {
                    add(stack.get(stack.size() - 1), top.frozen());
                }
            }
            default -> {
                countValue();
                add(top, scalar(token));
            }
        }
    }

    /** One more value of the current event: refused before it is built, so a value bomb costs no memory. */
    private void countValue() throws ProblemException {
        if (++eventValues > maxValuesPerEvent) {
            throw new ProblemException(Problem.TOO_MANY_VALUES, "event " + events + " holds more than "
                    + maxValuesPerEvent + " JSON values (max.values.per.event)");
        }
        if (++requestValues > maxValuesPerRequest) {
            throw new ProblemException(Problem.TOO_MANY_VALUES, "the request holds more than "
                    + maxValuesPerRequest + " JSON values (max.values.per.request)");
        }
    }

    private void add(Frame frame, Object value) {
        if (frame.array != null) {
            frame.array.add(value);
        } else if (frame.object.containsKey(frame.key)) {
            // a repeated key is ambiguous (which one would a sink keep?): the event is refused
            if (duplicateField == null) {
                duplicateField = stack.get(0).key;
            }
        } else {
            frame.object.put(frame.key, value);
        }
    }

    private void completeEvent(Object value) throws ProblemException {
        handler.onEvent(new RawEvent(events++, value, duplicateField));
    }

    private Object scalar(JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> integer();
            case VALUE_NUMBER_FLOAT -> decimal();
            default -> throw new IllegalStateException("unexpected token " + token);
        };
    }

    private Object integer() throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            return parser.getLongValue();
        }
        return new BigDecimal(parser.getBigIntegerValue());
    }

    /** A double where it holds the value exactly as written, else a BigDecimal (no silent rounding). */
    private Object decimal() throws IOException {
        BigDecimal exact = parser.getDecimalValue();
        double approximate = exact.doubleValue();
        if (Double.isFinite(approximate) && new BigDecimal(Double.toString(approximate)).compareTo(exact) == 0) {
            return approximate;
        }
        return exact;
    }

    private ProblemException structure(String what) {
        return new ProblemException(Problem.MALFORMED_JSON,
                what + " (at " + position(parser.currentTokenLocation()) + ")");
    }

    private static ProblemException malformed(IOException e) {
        // never the parser's message: it quotes the offending input
        JsonLocation location = e instanceof JsonParseException jpe ? jpe.getLocation() : null;
        String where = location == null ? "" : " (at " + position(location) + ")";
        return new ProblemException(Problem.MALFORMED_JSON, "the body is not valid JSON" + where);
    }

    private static String position(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
