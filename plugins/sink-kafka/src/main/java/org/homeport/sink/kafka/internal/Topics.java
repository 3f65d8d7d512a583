package org.homeport.sink.kafka.internal;

import java.util.Optional;

/**
 * Which topic an event goes to: {@code prefix + purpose} (e.g. {@code homeport.usage}), or one fixed topic.
 * Kafka topic names are at most 249 characters of {@code [a-zA-Z0-9._-]} and neither {@code .} nor {@code ..}.
 */
record Topics(String prefix, String fixed) {
    static final int MAX_LENGTH = 249;

    Topics {
        if (fixed != null && !valid(fixed)) {
            throw new IllegalArgumentException("topic: not a Kafka topic name (at most 249 of a-z A-Z 0-9 . _ -), was '"
                    + fixed + "'");
        }
        if (fixed == null && !prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("topic.prefix: at most 200 of a-z A-Z 0-9 . _ -, was '" + prefix + "'");
        }
    }

    static Topics of(String prefix, String topic) {
        String fixed = topic == null || topic.isBlank() ? null : topic.strip();
        return new Topics(prefix == null ? "" : prefix.strip(), fixed);
    }

    /** The topic for a purpose, or empty when the purpose cannot be part of a topic name (refused for good). */
    Optional<String> topicFor(String purpose) {
        if (fixed != null) {
            return Optional.of(fixed);
        }
        String topic = prefix + purpose;
        return valid(topic) ? Optional.of(topic) : Optional.empty();
    }

    static boolean valid(String topic) {
        return topic.length() <= MAX_LENGTH && topic.matches("[a-zA-Z0-9._-]+") && !topic.equals(".")
                && !topic.equals("..");
    }

    @Override
    public String toString() {
        return fixed != null ? "topic=" + fixed : "topic.prefix=" + prefix;
    }
}
