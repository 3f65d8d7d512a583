package org.homeport.sink.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), 4);

    @Test
    void retryWaitsDoubleUpToTheLongest() {
        assertThat(backoff.retryDelayMillis(1)).isEqualTo(100);
        assertThat(backoff.retryDelayMillis(2)).isEqualTo(200);
        assertThat(backoff.retryDelayMillis(3)).isEqualTo(400);
        assertThat(backoff.retryDelayMillis(4)).isEqualTo(800);
        assertThat(backoff.retryDelayMillis(5)).isEqualTo(1000);
        assertThat(backoff.retryDelayMillis(60)).isEqualTo(1000);
    }

    @Test
    void retriesStopAtTheAttemptsOrTheDeadline() {
        assertThat(backoff.mayRetry(1, 0, 10)).isTrue();
        assertThat(backoff.mayRetry(3, 0, 10)).isTrue();
        assertThat(backoff.mayRetry(4, 0, 10)).as("4 attempts: the first and 3 retries").isFalse();
        assertThat(backoff.mayRetry(1, 11, 10)).isFalse();
    }

    @Test
    void tooManyRequestsPauseLaterRequestsUntilTheClusterKeepsUp() {
        assertThat(backoff.pauseMillis()).isZero();
        backoff.answered(true);
        assertThat(backoff.pauseMillis()).isEqualTo(100);
        backoff.answered(true);
        backoff.answered(true);
        assertThat(backoff.pauseMillis()).isEqualTo(400);
        for (int i = 0; i < 10; i++) {
            backoff.answered(true);
        }
        assertThat(backoff.pauseMillis()).isEqualTo(1000);
        backoff.answered(false);
        assertThat(backoff.pauseMillis()).isEqualTo(500);
        backoff.answered(false);
        backoff.answered(false);
        assertThat(backoff.pauseMillis()).isEqualTo(125);
        backoff.answered(false);
        assertThat(backoff.pauseMillis()).isZero();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMillis(1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(2), Duration.ofMillis(1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
