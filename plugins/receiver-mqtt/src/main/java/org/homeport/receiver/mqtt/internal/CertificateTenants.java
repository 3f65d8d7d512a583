package org.homeport.receiver.mqtt.internal;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.api.event.Identifiers;

/**
 * Devices identified by TLS client certificate: {@code tenant=issuer-CN} entries name which trusted CA
 * issues the certificates of which tenant. The TLS handshake has already checked the chain against the
 * trust store; this only maps a verified certificate to its tenant (its issuer's CN) and its device
 * (its own subject CN). Immutable.
 */
final class CertificateTenants {
    private record Entry(String tenant, String issuerCn) {
    }

    /** A device identified by its certificate: the principal and the device id the topic must carry. */
    record Identified(DevicePrincipal principal, String device) {
    }

    private final List<Entry> entries;

    private CertificateTenants(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @throws IllegalArgumentException naming the first wrong entry */
    static CertificateTenants parse(List<String> entries) {
        List<Entry> parsed = new ArrayList<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("certificate entry '" + entry + "' is not tenant=issuer-CN");
            }
            parsed.add(new Entry(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()));
        }
        return new CertificateTenants(parsed);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * @param chain the peer's verified certificate chain, the device's own certificate first
     * @return the device, or empty if its issuer names no tenant or its subject has no usable CN
     */
    Optional<Identified> identify(Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate device)) {
            return Optional.empty();
        }
        String issuer = commonName(device.getIssuerX500Principal().getName());
        String subject = commonName(device.getSubjectX500Principal().getName());
        if (issuer == null || subject == null || Identifiers.problem(subject) != null || !Identifiers.fits(subject)) {
            return Optional.empty();
        }
        for (Entry entry : entries) {
            if (entry.issuerCn().equals(issuer)) {
                return Optional.of(new Identified(new DevicePrincipal(entry.tenant(), "mqtt-certificate", Set.of()), subject));
            }
        }
        return Optional.empty();
    }

    static String commonName(String distinguishedName) {
        try {
            List<Rdn> rdns = new LdapName(distinguishedName).getRdns();
            // the most specific CN comes last in an LdapName
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
