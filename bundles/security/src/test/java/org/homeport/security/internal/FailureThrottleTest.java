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
    /** Three wrong passwords per (source, user), five failures per source, four entries per table. */
    private final FailureThrottle throttle = new FailureThrottle(3, 5, Duration.ofSeconds(60), 4, clock);

    private void failPassword(String source, String user) {
        FailureThrottle.Attempt attempt = throttle.begin(source, user);
        assertThat(attempt).as("attempt of %s from %s", user, source).isNotNull();
        attempt.failed();
    }

    @Test
    void aUserIsRefusedFromASourceAfterTooManyWrongPasswordsUntilTheWindowEnds() {
        failPassword("10.0.0.1", "otto");
        failPassword("10.0.0.1", "otto");
        failPassword("10.0.0.1", "otto");
        assertThat(throttle.begin("10.0.0.1", "otto")).isNull();
        assertThat(throttle.begin("10.0.0.2", "otto")).isNotNull();
        assertThat(throttle.begin("10.0.0.1", "carla")).isNotNull();

        clock.now = clock.now.plusSeconds(60);
        assertThat(throttle.begin("10.0.0.1", "otto")).isNotNull();
    }

    @Test
    void anAttemptIsCountedWhenItBeginsSoParallelOnesCannotAllPass() {
        FailureThrottle.Attempt first = throttle.begin("a", "otto");
        FailureThrottle.Attempt second = throttle.begin("a", "otto");
        FailureThrottle.Attempt third = throttle.begin("a", "otto");
        assertThat(throttle.begin("a", "otto")).isNull();

        first.succeeded(); // the right password clears its own user's failures
        assertThat(throttle.begin("a", "otto")).isNotNull();
        second.failed();
        third.failed();
    }

    @Test
    void successClearsOnlyItsOwnUserAndUnguessableFailuresCountOnlyPerSource() {
        failPassword("a", "otto");
        failPassword("a", "otto");
        throttle.begin("a", "carla").succeeded();
        failPassword("a", "otto");
        assertThat(throttle.begin("a", "otto")).isNull();
    }

    @Test
    void aSourceOverItsLimitKeepsOnlyUsersThatDidNotFailFromIt() {
        failPassword("a", "u1");
        failPassword("a", "u2");
        assertThat(throttle.failed("a")).isFalse();
        assertThat(throttle.failed("a")).isFalse();
        assertThat(throttle.failed("a")).isTrue();
        assertThat(throttle.isThrottled("a")).isTrue();

        assertThat(throttle.begin("a", "u1")).isNull();
        assertThat(throttle.begin("a", "u3")).isNotNull();
        assertThat(throttle.isThrottled("b")).isFalse();
    }

    @Test
    void ipv6SourcesCountPerSlash64() {
        assertThat(FailureThrottle.sourceKey("2001:db8:1:2:aaaa::1")).isEqualTo(FailureThrottle.sourceKey("2001:db8:1:2::ffff"));
        assertThat(FailureThrottle.sourceKey("2001:db8:1:2::1")).isNotEqualTo(FailureThrottle.sourceKey("2001:db8:1:3::1"));
        assertThat(FailureThrottle.sourceKey("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(FailureThrottle.sourceKey(null)).isNull();
    }

    @Test
    void tablesStayBoundedByEntriesAndBytesWhateverTheCallersName() {
        String longName = "x".repeat(100_000);
        for (int i = 0; i < 100; i++) {
            failPassword("10.0.0." + i, longName + i);
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(8);
        // the most recent are still tracked
        failPassword("10.0.0.99", longName + 99);
        failPassword("10.0.0.99", longName + 99);
        assertThat(throttle.begin("10.0.0.99", longName + 99)).isNull();
    }
}
