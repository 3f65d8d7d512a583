package org.homeport.security.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts authentication failures in two tables, per source and per (source, principal), and decides
 * who must wait. The model (docs/security.md, "Failed logins and throttling"):
 *
 * <ul>
 * <li><b>Guessable credentials</b> (passwords) are checked through {@link #begin}: the attempt is
 * counted as a failure before the check runs (check and count are one atomic step, so parallel
 * attempts cannot all pass before their failures are counted) and refunded when it succeeds. A
 * principal that failed {@code maxPerPrincipal} times from one source is refused from that source,
 * unchecked, until the window ends. Once a source failed {@code maxPerSource} times in all, every
 * principal that failed from it at least once is refused from it (password spraying); principals
 * that did not fail from it are still checked. A success clears only its own (source, principal).
 * <li><b>Unguessable credentials</b> (API keys, signed tokens) are always checked: throttling them
 * cannot protect a secret nobody can guess, only lock out its owner. A failure counts toward the
 * source ({@link #failed}); a failure from a source over its limit is answered 429 rather than 401.
 * Their success clears nothing.
 * </ul>
 *
 * An attacker therefore cannot lock out anyone from another address, and from its own address
 * only the principals it names. IPv6 sources count per /64 (one subscriber's allocation), IPv4
 * per address. Both tables are bounded by entries (least recently used goes first) and their
 * entries by size (principals are stored as a short digest).
 */
final class FailureThrottle {
    private final int maxPerPrincipal;
    private final int maxPerSource;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> sources;
    private final Map<String, Window> pairs;

    private static final class Window {
        Instant start;
        int failures;

        Window(Instant start) {
            this.start = start;
        }
    }

    /** A password check in progress; already counted as a failure. */
    final class Attempt {
        private final String source;
        private final String pair;
        /** The source's window this attempt was counted in: a refund never lands in a later one. */
        private final Window counted;
        private boolean closed;

        private Attempt(String source, String pair, Window counted) {
            this.source = source;
            this.pair = pair;
            this.counted = counted;
        }

        /** Clears this principal's failures from this source and refunds this attempt's count. */
        void succeeded() {
            synchronized (FailureThrottle.this) {
                if (closed) {
                    return;
                }
                closed = true;
                pairs.remove(pair);
                Window current = source == null ? null : live(sources, source, clock.instant());
                if (current != null && current == counted && current.failures > 0) {
                    current.failures--;
                }
            }
        }

        /** The failure was counted when the attempt began; nothing more to do. */
        void failed() {
            synchronized (FailureThrottle.this) {
                closed = true;
            }
        }
    }

    FailureThrottle(int maxPerPrincipal, int maxPerSource, Duration window, int maxEntries, Clock clock) {
        this.maxPerPrincipal = maxPerPrincipal;
        this.maxPerSource = maxPerSource;
        this.window = window;
        this.clock = clock;
        this.sources = bounded(maxEntries);
        this.pairs = bounded(maxEntries);
    }

    /**
     * Starts a check of a guessable credential.
     *
     * @param source    the peer address, or {@code null} if unknown (then only the principal counts)
     * @param principal the principal the credential names (e.g. the user name)
     * @return the attempt, already counted as a failure; {@code null} if it must be refused unchecked
     */
    synchronized Attempt begin(String source, String principal) {
        Instant now = clock.instant();
        String from = sourceKey(source);
        String pair = (from == null ? "-" : from) + ' ' + digest(principal);
        Window own = live(pairs, pair, now);
        Window all = from == null ? null : live(sources, from, now);
        int ownFailures = own == null ? 0 : own.failures;
        if (ownFailures >= maxPerPrincipal || (ownFailures > 0 && all != null && all.failures >= maxPerSource)) {
            return null;
        }
        count(pairs, pair, now);
        if (from != null) {
            count(sources, from, now);
        }
        return new Attempt(from, pair, from == null ? null : sources.get(from));
    }

    /**
     * Counts a failed unguessable credential (or a request too broken to name a principal).
     *
     * @return whether the source is now over its limit (answer 429 rather than 401)
     */
    synchronized boolean failed(String source) {
        String from = sourceKey(source);
        if (from == null) {
            return false;
        }
        return count(sources, from, clock.instant()) >= maxPerSource;
    }

    /** Whether the source failed {@code maxPerSource} times within the window. */
    synchronized boolean isThrottled(String source) {
        String from = sourceKey(source);
        Window current = from == null ? null : live(sources, from, clock.instant());
        return current != null && current.failures >= maxPerSource;
    }

    /** Entries held, for tests of the bound. */
    synchronized int size() {
        return sources.size() + pairs.size();
    }

    private int count(Map<String, Window> table, String key, Instant now) {
        Window current = live(table, key, now);
        if (current == null) {
            current = new Window(now);
            table.put(key, current);
        }
        return ++current.failures;
    }

    /** The key's window, or {@code null} if it has none or it expired (then it is dropped). */
    private Window live(Map<String, Window> table, String key, Instant now) {
        Window current = table.get(key);
        if (current != null && !now.isBefore(current.start.plus(window))) {
            table.remove(key);
            return null;
        }
        return current;
    }

    private static Map<String, Window> bounded(int maxEntries) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** IPv6 addresses count per /64, the smallest allocation a subscriber gets; others as they are. */
    static String sourceKey(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        if (source.indexOf(':') >= 0 && source.length() <= 64) {
            try {
                // a literal with ':' is never resolved through DNS
                InetAddress address = InetAddress.getByName(source);
                if (address instanceof Inet6Address) {
                    byte[] prefix = Arrays.copyOf(address.getAddress(), 8);
                    StringBuilder key = new StringBuilder();
                    for (int i = 0; i < prefix.length; i += 2) {
                        key.append(String.format("%02x%02x:", prefix[i], prefix[i + 1]));
                    }
                    return key.append(":/64").toString();
                }
                return address.getHostAddress();
            } catch (UnknownHostException e) {
                return source.substring(0, Math.min(source.length(), 64));
            }
        }
        return source.length() <= 64 ? source : source.substring(0, 64);
    }

    /** A fixed-size stand-in for a principal named by the caller, so a long name cannot grow the table. */
    private static String digest(String principal) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((principal == null ? "" : principal).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
