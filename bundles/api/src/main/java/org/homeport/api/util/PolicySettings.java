package org.homeport.api.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.config.ReservedKeys;
import org.homeport.api.consent.ConsentDefault;
import org.homeport.api.consent.LegalBasis;
import org.homeport.api.retention.Retentions;

/**
 * The one reading of a purpose's policy from its settings ({@code etc/org.homeport.purpose-<id>.cfg},
 * or what the admin API and the shell are about to write there), and of an anonymizer chain, for
 * the core that enforces a policy and the consent bundle that records it alike. A setting that is
 * not one is refused with the reason, never ignored: a misspelt {@code retension} would otherwise
 * keep events for ever.
 *
 * @since 1.1
 */
public final class PolicySettings {
    /** The settings a policy may have; anonymizer parameters are {@code <anonymizer>.<parameter>}. */
    public static final List<String> SETTINGS = List.of("description", "legal.basis", "consent.default", "anonymous",
            "retention", "anonymizers", "sinks.allowed", "data.categories", "erase.on.withdrawal", "aggregate.only");
    /**
     * Keys a purpose's configuration may hold that are not part of its policy: {@code id} names
     * the purpose, {@code version} was an informational number before 1.3 and is ignored.
     */
    public static final List<String> NOT_POLICY = List.of("id", "version");

    private PolicySettings() {
    }

    /**
     * The purpose a configuration declares, at version 0 (the consent store numbers versions).
     *
     * @param settings the configuration's properties; the framework's own keys ({@link ReservedKeys})
     *                 are passed over
     * @throws IllegalArgumentException naming the setting that is not valid and why
     */
    public static Purpose purpose(String id, Map<String, ?> settings) {
        List<AnonymizerRef> anonymizers = anonymizerChain(settings);
        for (String key : settings.keySet()) {
            if (!SETTINGS.contains(key) && !NOT_POLICY.contains(key) && !ReservedKeys.isReserved(key)
                    && !isParameterOf(key, anonymizers)) {
                throw new IllegalArgumentException(unknown(key));
            }
        }
        LegalBasis legalBasis = LegalBasis.fromId(ConfigText.string(settings, "legal.basis", "consent"));
        return new Purpose(id,
                ConfigText.string(settings, "description", ""),
                legalBasis,
                ConsentDefault.fromId(ConfigText.string(settings, "consent.default", "opt-in")),
                bool(settings, "anonymous"),
                Retentions.parse(ConfigText.string(settings, "retention", "0")),
                anonymizers,
                0,
                bool(settings, "aggregate.only"),
                distinct(settings, "sinks.allowed"),
                distinct(settings, "data.categories"),
                bool(settings, "erase.on.withdrawal"));
    }

    /**
     * The anonymizer chain of a purpose or a pipeline: {@code anonymizers = hmac, ip-truncate} names
     * them in order, and {@code <name>.<parameter> = value} sets each one's parameters (a list value
     * is joined with {@code ,} without spaces, however it was written).
     *
     * @throws IllegalArgumentException if an anonymizer is named twice, or a parameter would be a
     *                                  key of the framework's (an anonymizer named {@code felix})
     */
    public static List<AnonymizerRef> anonymizerChain(Map<String, ?> settings) {
        List<String> names = ConfigText.list(settings.get("anonymizers"));
        if (names.size() != names.stream().distinct().count()) {
            throw new IllegalArgumentException("an anonymizer is named twice in 'anonymizers' " + names);
        }
        List<AnonymizerRef> chain = new ArrayList<>();
        for (String name : names) {
            String prefix = name + ".";
            Map<String, String> parameters = new TreeMap<>();
            for (Map.Entry<String, ?> entry : settings.entrySet()) {
                if (entry.getKey().startsWith(prefix)) {
                    if (ReservedKeys.isReserved(entry.getKey())) {
                        throw new IllegalArgumentException("anonymizer parameter '" + entry.getKey()
                                + "' is a reserved configuration key");
                    }
                    parameters.put(entry.getKey().substring(prefix.length()), parameter(entry.getValue()));
                }
            }
            chain.add(new AnonymizerRef(name, new LinkedHashMap<>(parameters)));
        }
        return chain;
    }

    /** A parameter's value as the anonymizer receives it: a list joined with {@code ,}, items trimmed. */
    public static String parameter(Object value) {
        return String.join(",", ConfigText.list(value));
    }

    private static boolean isParameterOf(String key, List<AnonymizerRef> anonymizers) {
        for (AnonymizerRef anonymizer : anonymizers) {
            if (key.startsWith(anonymizer.name() + ".") && key.length() > anonymizer.name().length() + 1) {
                return true;
            }
        }
        return false;
    }

    private static String unknown(String key) {
        int dot = key.indexOf('.');
        if (dot > 0 && !SETTINGS.contains(key)) {
            String anonymizer = key.substring(0, dot);
            if (SETTINGS.stream().noneMatch(setting -> setting.startsWith(anonymizer + "."))) {
                return "'" + key + "' is a parameter of anonymizer '" + anonymizer
                        + "', which 'anonymizers' does not name";
            }
        }
        return "'" + key + "' is not a policy setting: use one of " + SETTINGS + " or <anonymizer>.<parameter>";
    }

    private static boolean bool(Map<String, ?> settings, String key) {
        String text = ConfigText.string(settings, key, "false");
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + key + "' is true or false");
    }

    private static List<String> distinct(Map<String, ?> settings, String key) {
        return ConfigText.list(settings.get(key)).stream().distinct().toList();
    }
}
