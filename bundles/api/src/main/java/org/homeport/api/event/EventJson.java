package org.homeport.api.event;

/**
 * Moved to {@link org.homeport.api.util.EventJson}, which the SPI packages do not carry: helpers
 * are not what a plugin implements. Kept until the next major version of this package.
 *
 * @deprecated since 1.5; use {@link org.homeport.api.util.EventJson}
 */
@Deprecated(since = "1.5")
public final class EventJson {
    private EventJson() {
    }

    /** @deprecated use {@link org.homeport.api.util.EventJson#toJson} */
    @Deprecated(since = "1.5")
    public static String toJson(TelemetryEvent event) {
        return org.homeport.api.util.EventJson.toJson(event);
    }

    /** @deprecated use {@link org.homeport.api.util.EventJson#appendEvent} */
    @Deprecated(since = "1.5")
    public static void appendEvent(StringBuilder out, TelemetryEvent event) {
        org.homeport.api.util.EventJson.appendEvent(out, event);
    }

    /** @deprecated use {@link org.homeport.api.util.EventJson#appendValue} */
    @Deprecated(since = "1.5")
    public static void appendValue(StringBuilder out, Object value) {
        org.homeport.api.util.EventJson.appendValue(out, value);
    }

    /** @deprecated use {@link org.homeport.api.util.EventJson#appendString} */
    @Deprecated(since = "1.5")
    public static void appendString(StringBuilder out, String s) {
        org.homeport.api.util.EventJson.appendString(out, s);
    }
}
