package org.homeport.api.receiver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.homeport.api.auth.DevicePrincipal;

/**
 * Senders identified by where they connect from, for protocols without credentials (plain syslog):
 * a list of {@code tenant=prefix} entries, e.g. {@code acme=10.1.0.0/16} or {@code acme=127.0.0.1}.
 * The first entry whose prefix contains the peer's address names its tenant; an address in no
 * entry is an unknown sender. Only IP literals are read, never a host name (no DNS).
 *
 * <p>Immutable and safe to share between event loops.
 */
public final class SourceAddresses {
    private record Entry(String tenant, byte[] network, int prefixLength, String text) {
    }

    private final List<Entry> entries;

    private SourceAddresses(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param entries {@code tenant=address} or {@code tenant=address/prefix-length}, blanks ignored
     * @throws IllegalArgumentException naming the first wrong entry
     */
    public static SourceAddresses parse(Iterable<String> entries) {
        List<Entry> parsed = new ArrayList<>();
        for (String raw : entries) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String entry = raw.trim();
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry + "' is not tenant=address[/prefix-length]");
            }
            String tenant = entry.substring(0, eq).trim();
            String prefix = entry.substring(eq + 1).trim();
            int slash = prefix.indexOf('/');
            byte[] network = literal(slash < 0 ? prefix : prefix.substring(0, slash));
            if (tenant.isEmpty() || network == null) {
                throw new IllegalArgumentException("'" + entry + "' is not tenant=address[/prefix-length] with an IP literal");
            }
            int bits = network.length * 8;
            int length = bits;
            if (slash >= 0) {
                try {
                    length = Integer.parseInt(prefix.substring(slash + 1));
                } catch (NumberFormatException e) {
                    length = -1;
                }
                if (length < 0 || length > bits) {
                    throw new IllegalArgumentException("'" + entry + "': the prefix length must be 0 to " + bits);
                }
            }
            parsed.add(new Entry(tenant, network, length, entry));
        }
        return new SourceAddresses(parsed);
    }

    /** No sender is known. */
    public static SourceAddresses none() {
        return new SourceAddresses(List.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * @param address the peer's IP literal as the transport reports it
     * @return the tenant of the first entry containing it, or empty
     */
    public Optional<String> tenantOf(String address) {
        byte[] bytes = address == null ? null : literal(address);
        if (bytes == null) {
            return Optional.empty();
        }
        for (Entry entry : entries) {
            if (entry.network().length == bytes.length && matches(entry.network(), bytes, entry.prefixLength())) {
                return Optional.of(entry.tenant());
            }
        }
        return Optional.empty();
    }

    /**
     * The principal a receiver submits for a sender identified by address: its tenant, every
     * purpose, and a credential id naming the receiver and the entry (never the address itself).
     */
    public Optional<DevicePrincipal> principalOf(String receiver, String address) {
        return tenantOf(address).map(tenant -> new DevicePrincipal(tenant, receiver + "-source-address", Set.of()));
    }

    private static boolean matches(byte[] network, byte[] address, int prefixLength) {
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (network[full] & mask) == (address[full] & mask);
    }

    /** The bytes of an IPv4 or IPv6 literal, or {@code null}; never resolves a name. */
    static byte[] literal(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        boolean v6 = s.indexOf(':') >= 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return null;
            }
        }
        if (!v6 && !dottedQuad(s)) {
            return null;
        }
        try {
            // only literals get here, which InetAddress parses without a lookup
            byte[] bytes = InetAddress.getByName(s).getAddress();
            if (bytes.length == 16 && isV4Mapped(bytes)) {
                byte[] v4 = new byte[4];
                System.arraycopy(bytes, 12, v4, 0, 4);
                return v4;
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    @Override
    public String toString() {
        return "SourceAddresses" + entries.stream().map(Entry::text).toList();
    }
}
