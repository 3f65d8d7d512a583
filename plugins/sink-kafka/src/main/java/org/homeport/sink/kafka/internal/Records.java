package org.homeport.sink.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.homeport.api.event.TelemetryEvent;
import org.homeport.api.util.EventJson;

/**
 * One record per event: key = the event id (UTF-8), value = the event as JSON, the same the file sink writes,
 * headers {@value #PURPOSE_HEADER}, {@value #TYPE_HEADER} and {@value #TENANT_HEADER}. The partition follows
 * from the key, so redeliveries of an event land in the same partition as the first copy.
 */
final class Records {
    static final String PURPOSE_HEADER = "homeport.purpose";
    static final String TYPE_HEADER = "homeport.type";
    static final String TENANT_HEADER = "homeport.tenant";

    private final Topics topics;

    Records(Topics topics) {
        this.topics = topics;
    }

    /** The record for an event, or empty when its purpose makes no valid topic name. */
    Optional<ProducerRecord<byte[], byte[]>> of(TelemetryEvent event) {
        return topics.topicFor(event.purpose()).map(topic -> new ProducerRecord<>(topic, null, utf8(event.id()),
                utf8(EventJson.toJson(event)), List.<Header>of(new RecordHeader(PURPOSE_HEADER, utf8(event.purpose())),
                        new RecordHeader(TYPE_HEADER, utf8(event.type())),
                        new RecordHeader(TENANT_HEADER, utf8(event.tenant())))));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
