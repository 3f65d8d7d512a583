package org.homeport.sink.kafka.internal;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the batch writer needs of a producer; a real {@code KafkaProducer} in the bundle, a fake in unit tests. */
interface RecordSender extends AutoCloseable {

    /** Hands a record over; {@code done} is called once with its outcome (also when the hand-over itself fails). */
    void send(ProducerRecord<byte[], byte[]> record, Callback done);

    @Override
    void close();
}
