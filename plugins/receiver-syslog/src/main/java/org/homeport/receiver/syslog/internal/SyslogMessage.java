package org.homeport.receiver.syslog.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One parsed syslog message, RFC 5424 ({@code version} 1) or RFC 3164 ({@code version} 0). Absent
 * fields (the NILVALUE {@code -}, or not in the format) are {@code null}.
 */
record SyslogMessage(int facility, int severity, int version, Instant timestamp, String hostname, String appName,
        String procId, String msgId, List<SdElement> structuredData, String msg) {

    /** One structured-data element: its SD-ID and its parameters, first value of a repeated name kept. */
    record SdElement(String id, Map<String, String> params) {
    }

    SyslogMessage {
        structuredData = List.copyOf(structuredData);
    }

    SdElement element(String id) {
        for (SdElement element : structuredData) {
            if (element.id().equals(id)) {
                return element;
            }
        }
        return null;
    }

    static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
        "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4",
        "local5", "local6", "local7"};
    static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

    String facilityName() {
        return FACILITIES[facility];
    }

    String severityName() {
        return SEVERITIES[severity];
    }
}
