package org.homeport.api.anonymize;

/**
 * Moved to {@link org.homeport.api.util.IpPrefixes}. Kept until the next major version of this package.
 *
 * @deprecated since 1.2; use {@link org.homeport.api.util.IpPrefixes}
 */
@Deprecated(since = "1.2")
public final class IpPrefixes {
    private IpPrefixes() {
    }

    /** @deprecated use {@link org.homeport.api.util.IpPrefixes#truncate} */
    @Deprecated(since = "1.2")
    public static String truncate(String text) {
        return org.homeport.api.util.IpPrefixes.truncate(text);
    }
}
