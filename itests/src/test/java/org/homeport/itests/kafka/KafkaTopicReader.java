package org.homeport.itests.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its beginning with the real Kafka client, in a JVM of its own (KafkaSinkIT starts it: the
 * client has no OSGi headers, and a consumer group is not needed to read everything once).
 *
 * <pre>KafkaTopicReader BOOTSTRAP TOPIC KEY_PREFIX DISTINCT_KEYS SECONDS keys|records</pre>
 *
 * Prints one line per record whose key starts with KEY_PREFIX: {@code key<TAB>partition} with {@code keys},
 * {@code key<TAB>partition<TAB>header=value,...<TAB>value} with {@code records}; then {@code distinct=N records=M}.
 * Exits 0 once DISTINCT_KEYS different keys were read, 3 if SECONDS pass first.
 */
public final class KafkaTopicReader {
    private KafkaTopicReader() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        String prefix = args[2];
        int wanted = Integer.parseInt(args[3]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        boolean whole = args[5].equals("records");
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("client.id", "homeport-itest-reader");
        props.put("enable.auto.commit", "false");
        props.put("isolation.level", "read_committed");
        Set<String> keys = new HashSet<>();
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(5))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (keys.size() < wanted && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
                    if (!key.startsWith(prefix)) {
                        continue;
                    }
                    keys.add(key);
                    records++;
                    StringBuilder line = new StringBuilder(key).append('\t').append(record.partition());
                    if (whole) {
                        line.append('\t');
                        for (Header header : record.headers()) {
                            line.append(header.key()).append('=')
                                    .append(new String(header.value(), StandardCharsets.UTF_8)).append(',');
                        }
                        line.append('\t').append(new String(record.value(), StandardCharsets.UTF_8));
                    }
                    System.out.println(line);
                }
            }
        }
        System.out.println("distinct=" + keys.size() + " records=" + records);
        System.exit(keys.size() >= wanted ? 0 : 3);
    }
}
