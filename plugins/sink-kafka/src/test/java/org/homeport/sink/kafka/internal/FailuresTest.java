package org.homeport.sink.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void refusalsThatResendingCannotFixArePermanent() {
        assertThat(Failures.classify(new RecordTooLargeException("x"))).isEqualTo(Failures.Kind.PERMANENT);
        assertThat(Failures.classify(new RecordBatchTooLargeException("x"))).isEqualTo(Failures.Kind.PERMANENT);
        assertThat(Failures.classify(new TopicAuthorizationException("x"))).isEqualTo(Failures.Kind.PERMANENT);
        assertThat(Failures.classify(new InvalidTopicException("x"))).isEqualTo(Failures.Kind.PERMANENT);
        assertThat(Failures.classify(new InvalidRecordException("x"))).isEqualTo(Failures.Kind.PERMANENT);
        assertThat(Failures.classify(new CompletionException(new RecordTooLargeException("x")))).isEqualTo(Failures.Kind.PERMANENT);
    }

    @Test
    void anAbsentOrBusyBrokerIsTemporary() {
        assertThat(Failures.classify(new TimeoutException("x"))).isEqualTo(Failures.Kind.TEMPORARY);
        assertThat(Failures.classify(new NotEnoughReplicasException("x"))).isEqualTo(Failures.Kind.TEMPORARY);
        assertThat(Failures.classify(new UnknownTopicOrPartitionException("x"))).isEqualTo(Failures.Kind.TEMPORARY);
    }

    @Test
    void anythingElseIsTemporaryAndGetsANewProducer() {
        assertThat(Failures.classify(new AuthenticationException("x"))).isEqualTo(Failures.Kind.TEMPORARY_RESET);
        assertThat(Failures.classify(new KafkaException("x"))).isEqualTo(Failures.Kind.TEMPORARY_RESET);
        assertThat(Failures.classify(new IllegalStateException("closed"))).isEqualTo(Failures.Kind.TEMPORARY_RESET);
    }
}
