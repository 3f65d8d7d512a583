package org.homeport.security.api;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.NetServerOptions;
import java.io.File;
import java.util.Locale;

/**
 * Turns TLS on for a Homeport server from a configured key store, the same way for every surface
 * (receivers, management, admin). Plain HTTP stays the default for the first run on loopback.
 */
public final class ServerTls {
    private ServerTls() {
    }

    /**
     * @param keystore a PKCS#12 ({@code .p12}, {@code .pfx}) or JKS ({@code .jks}) file; relative
     *                 paths resolve against {@code ${karaf.etc}}; blank leaves TLS off
     * @param password the key store's password
     * @return the same options, with TLS on if a key store is named
     * @throws IllegalArgumentException if the key store is named but cannot be used
     */
    public static HttpServerOptions apply(HttpServerOptions options, String keystore, String password) {
        apply((NetServerOptions) options, keystore, password);
        return options;
    }

    /**
     * The same for a TCP server that speaks another protocol (syslog over TLS, MQTT over TLS).
     *
     * @since 1.5
     */
    public static NetServerOptions apply(NetServerOptions options, String keystore, String password) {
        if (keystore == null || keystore.isBlank()) {
            return options;
        }
        return options.setSsl(true).setKeyCertOptions(storeOptions(keystore, password, "TLS key store"));
    }

    /**
     * Asks each TLS client for a certificate issued by (or equal to) one in the trust store, so a
     * receiver can tell senders apart by certificate. With {@code required} a client without one
     * fails the handshake; otherwise it may connect without one and is identified some other way.
     *
     * @param truststore a PKCS#12 or JKS file of trusted certificates, resolved as for {@link
     *                   #apply(NetServerOptions, String, String)}; blank asks for no certificate
     * @throws IllegalArgumentException if the trust store is named but cannot be used
     * @since 1.5
     */
    public static NetServerOptions trustClients(NetServerOptions options, String truststore, String password,
            boolean required) {
        if (truststore == null || truststore.isBlank()) {
            return options;
        }
        return options.setTrustOptions(storeOptions(truststore, password, "TLS trust store"))
                .setClientAuth(required ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
    }

    private static KeyStoreOptions storeOptions(String path, String password, String what) {
        File file = new File(path.trim());
        if (!file.isAbsolute()) {
            String etc = System.getProperty("karaf.etc");
            file = etc == null ? file.getAbsoluteFile() : new File(etc, path.trim());
        }
        if (!file.isFile() || !file.canRead()) {
            throw new IllegalArgumentException(what + " " + file + " does not exist or cannot be read");
        }
        String name = file.getName().toLowerCase(Locale.ROOT);
        String type = name.endsWith(".jks") ? "JKS" : "PKCS12";
        return new KeyStoreOptions().setType(type).setPath(file.getPath()).setPassword(password == null ? "" : password);
    }
}
