package org.homeport.api.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificatesTest {
    @TempDir
    static Path dir;

    static X509Certificate printer;
    static X509Certificate array;

    /** Real certificates, made by the JDK's keytool as an operator would. */
    @BeforeAll
    static void certificates() throws Exception {
        printer = selfSigned("printer", "CN=printer-7.floor3.example, OU=Devices, O=Acme");
        array = selfSigned("array", "CN=array-01, O=Storage");
    }

    private static X509Certificate selfSigned(String alias, String dname) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) ks.getCertificate(alias);
    }

    private static String sha256(X509Certificate certificate) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    @Test
    void theSubjectsCommonNameNamesTheTenant() {
        ClientCertificates certificates = ClientCertificates.parse(
                List.of("acme=CN=printer-7.floor3.example", "storage=CN=array-01"));
        assertThat(certificates.tenantOf(printer)).contains("acme");
        assertThat(certificates.tenantOf(array)).contains("storage");
    }

    @Test
    void aCommonNameMatchesWholeAndExactly() {
        ClientCertificates certificates = ClientCertificates.parse(List.of("acme=CN=printer-7", "other=CN=Acme"));
        assertThat(certificates.tenantOf(printer)).as("a prefix of the CN, or the O, is not the CN").isEmpty();
    }

    @Test
    void aFingerprintNamesTheTenantWithOrWithoutColons() throws Exception {
        String withColons = sha256(array);
        assertThat(ClientCertificates.parse(List.of("storage=sha256:" + withColons)).tenantOf(array)).contains("storage");
        assertThat(ClientCertificates.parse(List.of("storage=SHA256:" + withColons.replace(":", "").toLowerCase()))
                .tenantOf(array)).contains("storage");
        assertThat(ClientCertificates.parse(List.of("storage=sha256:" + withColons)).tenantOf(printer)).isEmpty();
    }

    @Test
    void theFirstMatchingEntryWins() {
        ClientCertificates certificates = ClientCertificates.parse(List.of("first=CN=array-01", "second=CN=array-01"));
        assertThat(certificates.tenantOf(array)).contains("first");
    }

    @Test
    void anUnknownOrMissingCertificateNamesNoTenant() {
        ClientCertificates certificates = ClientCertificates.parse(List.of("acme=CN=printer-7.floor3.example"));
        assertThat(certificates.tenantOf(array)).isEmpty();
        assertThat(certificates.tenantOf(null)).isEmpty();
        assertThat(ClientCertificates.none().tenantOf(printer)).isEmpty();
        assertThat(ClientCertificates.none().isEmpty()).isTrue();
    }

    @Test
    void thePrincipalNamesTheReceiverNotTheCertificate() {
        var principal = ClientCertificates.parse(List.of("acme=CN=printer-7.floor3.example"))
                .principalOf("syslog", printer).orElseThrow();
        assertThat(principal.tenant()).isEqualTo("acme");
        assertThat(principal.toString()).doesNotContain("printer-7");
    }

    @Test
    void wrongEntriesAreRefusedWithTheEntryNamed() {
        assertThatThrownBy(() -> ClientCertificates.parse(List.of("acme")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'acme'");
        assertThatThrownBy(() -> ClientCertificates.parse(List.of("=CN=x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientCertificates.parse(List.of("acme=OU=devices")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant=CN=name");
        assertThatThrownBy(() -> ClientCertificates.parse(List.of("acme=sha256:abcd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> ClientCertificates.parse(List.of("acme=CN=")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
