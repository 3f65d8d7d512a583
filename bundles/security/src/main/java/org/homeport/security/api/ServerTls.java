package org.homeport.security.api;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyStoreOptions;
import java.io.File;
import java.util.Locale;

/**
 * Turns TLS on for a Homeport HTTP server from a configured key store, the same way for every
 * surface (receivers, management, admin). Plain HTTP stays the default for the first run on
 * loopback.
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
        if (keystore == null || keystore.isBlank()) {
            return options;
        }
        File file = new File(keystore.trim());
        if (!file.isAbsolute()) {
            String etc = System.getProperty("karaf.etc");
            file = etc == null ? file.getAbsoluteFile() : new File(etc, keystore.trim());
        }
        if (!file.isFile() || !file.canRead()) {
            throw new IllegalArgumentException("TLS key store " + file + " does not exist or cannot be read");
        }
        String name = file.getName().toLowerCase(Locale.ROOT);
        String type = name.endsWith(".jks") ? "JKS" : "PKCS12";
        return options.setSsl(true).setKeyCertOptions(new KeyStoreOptions().setType(type).setPath(file.getPath())
                .setPassword(password == null ? "" : password));
    }
}
