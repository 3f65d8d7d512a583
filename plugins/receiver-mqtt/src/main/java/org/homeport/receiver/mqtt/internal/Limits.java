package org.homeport.receiver.mqtt.internal;

/**
 * The per-client bounds a connection enforces.
 *
 * @param maxInFlight       most PUBLISH messages of one client with the intake at once (QoS 0 and 1);
 *                          MQTT 5 clients are told it as Receive Maximum
 * @param maxMessageBytes   most bytes of one MQTT packet after its fixed header; MQTT 5 clients are
 *                          told it as Maximum Packet Size
 * @param maxKeepAliveSeconds the longest keep-alive a client may have; a client asking for none or
 *                          a longer one is closed after 1.5 times this without a packet
 * @param retryMinMillis    first wait before a deferred message is submitted again; doubles per try
 * @param retryMaxMillis    longest wait between two tries
 */
record Limits(int maxInFlight, int maxMessageBytes, int maxKeepAliveSeconds, long retryMinMillis, long retryMaxMillis) {
    Limits {
        if (maxInFlight < 1 || maxMessageBytes < 64 || maxKeepAliveSeconds < 1 || retryMinMillis < 1
                || retryMaxMillis < retryMinMillis) {
            throw new IllegalArgumentException("MQTT limits out of range");
        }
    }
}
