package org.homeport.api.config;

import java.util.List;
import java.util.Locale;

/**
 * Configuration keys that belong to the OSGi framework, Declarative Services, Config Admin and
 * Karaf's FileInstall rather than to a Homeport setting. Whatever writes settings that come from
 * outside (a policy over the admin API, a shell command) into a configuration must refuse them:
 * {@code felix.fileinstall.filename} makes FileInstall write the configuration to another file,
 * a {@code *.target} rebinds a component's references, {@code service.pid} renames the
 * configuration.
 *
 * @since 1.1
 */
public final class ReservedKeys {
    private static final List<String> PREFIXES = List.of("felix.", "service.", "component.", "osgi.", "org.osgi.",
            "org.apache.felix.", "org.apache.karaf.", "objectclass", ":");
    private static final List<String> SUFFIXES = List.of(".target", ".cardinality.minimum");

    private ReservedKeys() {
    }

    /** Whether {@code key} (in any case) is one of the framework's, never a Homeport setting's. */
    public static boolean isReserved(String key) {
        if (key == null) {
            return false;
        }
        String lower = key.strip().toLowerCase(Locale.ROOT);
        return PREFIXES.stream().anyMatch(lower::startsWith) || SUFFIXES.stream().anyMatch(lower::endsWith)
                || lower.contains(":");
    }
}
