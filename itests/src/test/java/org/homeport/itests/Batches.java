package org.homeport.itests;

/**
 * Event JSON shaped after the README's example batch. Times are an hour before the test runs: the
 * intake refuses events older than their purpose's retention (crash-reports keeps 30 days).
 */
final class Batches {
    private Batches() {
    }

    private static String anHourAgo(int plusSeconds) {
        return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(3600 - plusSeconds)
                .toString();
    }

    /** The event with its {@code time} replaced, e.g. by one outside the intake's window. */
    static String withTime(String event, String time) {
        return event.replaceFirst("\"time\":\"[^\"]+\"", "\"time\":\"" + time + "\"");
    }

    static String usage(String id, String subject) {
        return "{\"id\":\"" + id + "\",\"type\":\"app.usage\",\"purpose\":\"product-analytics\",\"time\":\"" + anHourAgo(0) + "\","
                + "\"source\":{\"product\":\"meet\",\"version\":\"45.3.1\",\"device\":\"d-8842\"},\"subject\":\"" + subject + "\","
                + "\"attributes\":{\"feature\":\"screen-share\",\"durationMs\":184000,\"ip\":\"203.0.113.77\"}}";
    }

    static String performance(String id, String subject, String deviceModel) {
        return "{\"id\":\"" + id + "\",\"type\":\"app.performance\",\"purpose\":\"performance-metrics\","
                + "\"time\":\"" + anHourAgo(1) + "\",\"source\":{\"product\":\"meet\",\"version\":\"45.3.1\",\"device\":\"d-8842\"},"
                + "\"subject\":\"" + subject + "\",\"attributes\":{\"metric\":\"join.latency\",\"value\":812.5,\"unit\":\"ms\","
                + "\"deviceModel\":\"" + deviceModel + "\",\"networkType\":\"wifi\"}}";
    }

    static String crashReport(String id, String subject, String message) {
        return "{\"id\":\"" + id + "\",\"type\":\"app.error\",\"purpose\":\"crash-reports\",\"time\":\"" + anHourAgo(2) + "\","
                + "\"source\":{\"product\":\"meet\",\"version\":\"45.3.1\",\"device\":\"d-8842\"},\"subject\":\"" + subject + "\","
                + "\"attributes\":{\"message\":\"" + message + "\",\"errorCode\":\"E-SYNC-17\"}}";
    }

    static String array(String... events) {
        return "[" + String.join(",", events) + "]";
    }
}
