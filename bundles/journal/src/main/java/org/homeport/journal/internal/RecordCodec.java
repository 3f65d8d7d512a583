package org.homeport.journal.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.homeport.api.event.TelemetryEvent;

/**
 * The payload of a journal record:
 * <pre>
 * version:u8  appendedAt:i64  groups:varint
 *   per group: sinks:varint (name:string)*  events:varint  sectionBytes:i32  (event)*
 * </pre>
 * A group's section length lets {@link #summarize} count events per sink without decoding them,
 * which is what recovery does over a large backlog.
 */
final class RecordCodec {
    static final int VERSION = 1;

    /** Per group of a record: its sinks and how many events it holds. */
    record GroupSummary(Set<String> sinks, int events) {
    }

    record Summary(long appendedAtMillis, List<GroupSummary> groups) {
    }

    private RecordCodec() {
    }

    static byte[] encode(JournalEntry entry) {
        ByteWriter out = new ByteWriter(256 + entry.eventCount() * 256);
        out.writeByte(VERSION);
        out.writeLong(entry.appendedAtMillis());
        out.writeVarLong(entry.groups().size());
        for (JournalEntry.Group group : entry.groups()) {
            out.writeVarLong(group.sinks().size());
            for (String sink : group.sinks()) {
                out.writeString(sink);
            }
            out.writeVarLong(group.events().size());
            int lengthAt = out.reserveInt();
            int start = out.size();
            for (TelemetryEvent event : group.events()) {
                EventCodec.write(out, event);
            }
            out.patchInt(lengthAt, out.size() - start);
        }
        return out.toByteArray();
    }

    static JournalEntry decode(long sequence, byte[] payload) {
        ByteReader in = new ByteReader(payload);
        long appendedAt = header(in);
        int groupCount = in.readCount(3);
        List<JournalEntry.Group> groups = new ArrayList<>(groupCount);
        for (int g = 0; g < groupCount; g++) {
            Set<String> sinks = readSinks(in);
            int events = in.readCount(1);
            int section = in.readInt();
            int end = in.position() + section;
            List<TelemetryEvent> list = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                list.add(EventCodec.read(in));
            }
            if (in.position() != end) {
                throw new MalformedRecordException("group section length does not match its events");
            }
            groups.add(new JournalEntry.Group(sinks, list));
        }
        if (!in.atEnd()) {
            throw new MalformedRecordException("bytes after the last group");
        }
        return new JournalEntry(sequence, appendedAt, groups, payload.length);
    }

    static Summary summarize(byte[] payload) {
        ByteReader in = new ByteReader(payload);
        long appendedAt = header(in);
        int groupCount = in.readCount(3);
        List<GroupSummary> groups = new ArrayList<>(groupCount);
        for (int g = 0; g < groupCount; g++) {
            Set<String> sinks = readSinks(in);
            int events = in.readCount(1);
            in.skip(in.readInt());
            groups.add(new GroupSummary(sinks, events));
        }
        return new Summary(appendedAt, groups);
    }

    private static long header(ByteReader in) {
        int version = in.readByte();
        if (version != VERSION) {
            throw new MalformedRecordException("unknown record version " + version);
        }
        return in.readLong();
    }

    private static Set<String> readSinks(ByteReader in) {
        int count = in.readCount(1);
        Set<String> sinks = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            sinks.add(in.readString());
        }
        return sinks;
    }
}
