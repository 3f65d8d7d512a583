package org.homeport.receiver.otlp.internal;

/** The OTLP signals this receiver takes, with their paths and the names their answers use. */
enum Signal {
    LOGS("/v1/logs", "log records", "rejectedLogRecords"),
    METRICS("/v1/metrics", "data points", "rejectedDataPoints");

    private final String path;
    private final String items;
    private final String rejectedJsonField;

    Signal(String path, String items, String rejectedJsonField) {
        this.path = path;
        this.items = items;
        this.rejectedJsonField = rejectedJsonField;
    }

    String path() {
        return path;
    }

    /** What one unit is called in messages: "log records", "data points". */
    String items() {
        return items;
    }

    String rejectedJsonField() {
        return rejectedJsonField;
    }

    static Signal ofPath(String path) {
        for (Signal signal : values()) {
            if (signal.path.equals(path)) {
                return signal;
            }
        }
        return null;
    }
}
