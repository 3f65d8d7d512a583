package org.homeport.sink.kafka.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** The real probe: one Kafka admin client per sink, asking for the cluster's brokers (a metadata request). */
final class AdminBrokerProbe implements BrokerProbe {
    private final Admin admin;

    AdminBrokerProbe(Settings settings) {
        this.admin = KafkaClients.build(() -> Admin.create(settings.adminProperties()));
    }

    @Override
    public int brokers(Duration timeout) throws Exception {
        return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
                .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).size();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
