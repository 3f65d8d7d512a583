package org.homeport.consent.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Declares, changes and retires purposes. A purpose's policy lives in
 * {@code etc/org.homeport.purpose-<id>.cfg}; every change is recorded as the next policy version,
 * by whom, and audited. History is never rewritten.
 *
 * @since 1.2
 */
@ProviderType
public interface PolicyAdministration {

    /** The settings a policy may have; anonymizer parameters are {@code <anonymizer>.<parameter>}. */
    List<String> SETTINGS = List.of("description", "legal.basis", "consent.default", "anonymous", "retention",
            "anonymizers", "sinks.allowed", "data.categories", "erase.on.withdrawal", "aggregate.only");

    /**
     * Declares the purpose, or changes the settings named (the others keep their values).
     *
     * @return the version now in force: a new one, or the current one if nothing changed
     * @throws ConsentException {@code INVALID} for a bad id or setting, {@code RETIRED_PURPOSE}
     *                          never: declaring a retired purpose again brings it back as a new version
     *                          (a material one: grants given before the retirement do not count)
     */
    default PolicyVersion declare(String purpose, Map<String, String> settings, String actor) {
        return declare(purpose, settings, actor, null);
    }

    /**
     * {@link #declare(String, Map, String)}, saying whether the change is material: grants given
     * under earlier versions of a purpose that needs consent stop counting until the subject
     * consents again.
     *
     * @param material {@code true} or {@code false}, or {@code null} for the default rule: another
     *                 legal basis or consent default, a data category or allowed sink added, other
     *                 anonymizers or parameters, a longer retention, or {@code anonymous},
     *                 {@code aggregate.only} or {@code erase.on.withdrawal} given up. Bringing a
     *                 retired purpose back is material whatever this says.
     * @since 1.5
     */
    PolicyVersion declare(String purpose, Map<String, String> settings, String actor, Boolean material);

    /**
     * Retires the purpose: its configuration is removed, a last {@code retired} version recorded.
     *
     * @throws ConsentException {@code UNKNOWN_PURPOSE}
     */
    PolicyVersion retire(String purpose, String actor);

    /** The latest version, active or retired, or empty if the purpose never had a policy. */
    Optional<PolicyVersion> current(String purpose);

    /** Every version, oldest first. */
    List<PolicyVersion> history(String purpose);
}
