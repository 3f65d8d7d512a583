package org.homeport.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final FailureThrottle throttle = new FailureThrottle(3, Duration.ofSeconds(60), 2, clock);

    @Test
    void sourceIsThrottledAfterTooManyFailuresUntilTheWindowEnds() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.isThrottled("10.0.0.1")).isFalse();
        throttle.failed("10.0.0.1");
        assertThat(throttle.isThrottled("10.0.0.1")).isTrue();
        assertThat(throttle.isThrottled("10.0.0.2")).isFalse();

        clock.now = clock.now.plusSeconds(60);
        assertThat(throttle.isThrottled("10.0.0.1")).isFalse();
    }

    @Test
    void successClearsTheFailures() {
        throttle.failed("a");
        throttle.failed("a");
        throttle.succeeded("a");
        throttle.failed("a");
        throttle.failed("a");
        assertThat(throttle.isThrottled("a")).isFalse();
    }

    @Test
    void tableStaysBoundedAndExpiredEntriesMakeRoom() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("a");
            throttle.failed("b");
            throttle.failed("c");
        }
        assertThat(throttle.isThrottled("a")).isTrue();
        assertThat(throttle.isThrottled("c")).isFalse(); // not tracked: the table was full

        clock.now = clock.now.plusSeconds(61);
        for (int i = 0; i < 3; i++) {
            throttle.failed("c");
        }
        assertThat(throttle.isThrottled("c")).isTrue();
    }
}
