package org.homeport.itests;

/** Event JSON shaped after the README's example batch. */
final class Batches {
    private Batches() {
    }

    static String usage(String id, String subject) {
        return "{\"id\":\"" + id + "\",\"type\":\"app.usage\",\"purpose\":\"product-analytics\",\"time\":\"2026-11-23T10:00:00Z\","
                + "\"source\":{\"product\":\"meet\",\"version\":\"45.3.1\",\"device\":\"d-8842\"},\"subject\":\"" + subject + "\","
                + "\"attributes\":{\"feature\":\"screen-share\",\"durationMs\":184000,\"ip\":\"203.0.113.77\"}}";
    }

    static String performance(String id, String subject, String deviceModel) {
        return "{\"id\":\"" + id + "\",\"type\":\"app.performance\",\"purpose\":\"performance-metrics\","
                + "\"time\":\"2026-11-23T10:00:01Z\",\"source\":{\"product\":\"meet\",\"version\":\"45.3.1\",\"device\":\"d-8842\"},"
                + "\"subject\":\"" + subject + "\",\"attributes\":{\"metric\":\"join.latency\",\"value\":812.5,\"unit\":\"ms\","
                + "\"deviceModel\":\"" + deviceModel + "\",\"networkType\":\"wifi\"}}";
    }

    static String crashReport(String id, String subject, String message) {
        return "{\"id\":\"" + id + "\",\"type\":\"app.error\",\"purpose\":\"crash-reports\",\"time\":\"2026-11-23T10:00:02Z\","
                + "\"source\":{\"product\":\"meet\",\"version\":\"45.3.1\",\"device\":\"d-8842\"},\"subject\":\"" + subject + "\","
                + "\"attributes\":{\"message\":\"" + message + "\",\"errorCode\":\"E-SYNC-17\"}}";
    }

    static String array(String... events) {
        return "[" + String.join(",", events) + "]";
    }
}
