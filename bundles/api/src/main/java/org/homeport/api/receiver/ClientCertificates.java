package org.homeport.api.receiver;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.homeport.api.auth.DevicePrincipal;

/**
 * Senders identified by the TLS client certificate they presented, for protocols whose senders
 * carry no other credential (syslog over TLS, RFC 5425): a list of {@code tenant=CN=name} or
 * {@code tenant=sha256:HEX} entries. The first entry naming the certificate's subject common name,
 * or its SHA-256 fingerprint, names the tenant. The certificate must already have been verified by
 * the TLS handshake against the receiver's trust store; this class only tells trusted senders apart.
 *
 * <p>Immutable and safe to share between event loops.
 *
 * @since 1.1
 */
public final class ClientCertificates {
    private record Entry(String tenant, String commonName, byte[] sha256) {
    }

    private final List<Entry> entries;

    private ClientCertificates(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param entries {@code tenant=CN=name} or {@code tenant=sha256:HEX} (64 hex digits, colons
     *                allowed), blanks ignored
     * @throws IllegalArgumentException naming the first wrong entry
     */
    public static ClientCertificates parse(Iterable<String> entries) {
        List<Entry> parsed = new ArrayList<>();
        for (String raw : entries) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String entry = raw.trim();
            int eq = entry.indexOf('=');
            String tenant = eq <= 0 ? "" : entry.substring(0, eq).trim();
            String who = eq <= 0 ? "" : entry.substring(eq + 1).trim();
            if (tenant.isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' is not tenant=CN=name or tenant=sha256:HEX");
            }
            if (who.regionMatches(true, 0, "CN=", 0, 3) && who.length() > 3) {
                parsed.add(new Entry(tenant, who.substring(3).trim(), null));
            } else if (who.regionMatches(true, 0, "sha256:", 0, 7)) {
                String hex = who.substring(7).replace(":", "").trim();
                if (!hex.matches("[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException("'" + entry + "': a SHA-256 fingerprint is 64 hex digits");
                }
                parsed.add(new Entry(tenant, null, HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT))));
            } else {
                throw new IllegalArgumentException("'" + entry + "' is not tenant=CN=name or tenant=sha256:HEX");
            }
        }
        return new ClientCertificates(parsed);
    }

    /** No sender is known by certificate. */
    public static ClientCertificates none() {
        return new ClientCertificates(List.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The tenant of the first entry naming {@code certificate}, or empty (also for {@code null}). */
    public Optional<String> tenantOf(X509Certificate certificate) {
        if (certificate == null || entries.isEmpty()) {
            return Optional.empty();
        }
        String commonName = commonName(certificate.getSubjectX500Principal());
        byte[] fingerprint = fingerprint(certificate);
        for (Entry entry : entries) {
            if (entry.commonName() != null ? entry.commonName().equals(commonName)
                    : fingerprint != null && MessageDigest.isEqual(entry.sha256(), fingerprint)) {
                return Optional.of(entry.tenant());
            }
        }
        return Optional.empty();
    }

    /**
     * The principal a receiver submits for a sender identified by certificate: its tenant, every
     * purpose, and a credential id naming the receiver (never the certificate's names).
     */
    public Optional<DevicePrincipal> principalOf(String receiver, X509Certificate certificate) {
        return tenantOf(certificate).map(tenant -> new DevicePrincipal(tenant, receiver + "-client-certificate", Set.of()));
    }

    private static String commonName(X500Principal subject) {
        try {
            List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
            // getRdns() lists the RDNs right to left: the last CN is the leftmost, most specific one
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static byte[] fingerprint(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return null;
        }
    }
}
