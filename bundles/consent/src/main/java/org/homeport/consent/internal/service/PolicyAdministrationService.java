package org.homeport.consent.internal.service;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.karaf.config.core.ConfigRepository;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerRef;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.catalog.Purpose;
import org.homeport.api.config.ReservedKeys;
import org.homeport.api.util.PolicySettings;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.api.PolicyAdministration;
import org.homeport.consent.api.PolicyVersion;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Writes purposes as {@code etc/org.homeport.purpose-<id>.cfg} through Config Admin, for the admin
 * API and the shell alike. The new version is recorded (with the person who made it) and the file
 * written under the policy history's lock, so no configuration event records a version in between
 * and the event that follows finds nothing new to record.
 *
 * <p>Only policy settings and the parameters the installed anonymizers accept are written: a key
 * the framework reads ({@link ReservedKeys}, e.g. {@code felix.fileinstall.filename}, which makes
 * FileInstall write the configuration into another file) is refused, whoever sends it.
 */
@Component(service = PolicyAdministration.class)
public class PolicyAdministrationService implements PolicyAdministration {
    static final String FACTORY_PID = "org.homeport.purpose";
    private static final Pattern PURPOSE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern ANONYMIZER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern ANONYMIZER_PARAMETER = Pattern.compile("[a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9.-]*");

    private final ConfigurationAdmin configurationAdmin;
    private final ConfigRepository configRepository;
    private final PolicyHistory policies;

    @Activate
    public PolicyAdministrationService(@Reference ConfigurationAdmin configurationAdmin,
            @Reference ConfigRepository configRepository, @Reference PolicyHistory policies) {
        this.configurationAdmin = configurationAdmin;
        this.configRepository = configRepository;
        this.policies = policies;
    }

    /** Installed anonymizers by name: only their declared parameters may be written. */
    private final Map<String, Anonymizer> anonymizers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "addAnonymizer")
    void addAnonymizer(Anonymizer anonymizer, Map<String, Object> props) {
        Object name = props.get(Anonymizer.NAME_PROPERTY);
        if (name != null) {
            anonymizers.put(String.valueOf(name), anonymizer);
        }
    }

    void removeAnonymizer(Anonymizer anonymizer, Map<String, Object> props) {
        Object name = props.get(Anonymizer.NAME_PROPERTY);
        if (name != null) {
            anonymizers.remove(String.valueOf(name), anonymizer);
        }
    }

    @Override
    public synchronized PolicyVersion declare(String purpose, Map<String, String> settings, String actor, Boolean material) {
        requireId(purpose);
        if (settings.isEmpty()) {
            throw new ConsentException(Reason.INVALID, "name at least one setting, e.g. retention");
        }
        Configuration existing = configuration(purpose);
        Dictionary<String, Object> props = existing == null ? new Hashtable<>() : existing.getProperties();
        Map<String, Object> bookkeeping = reservedEntries(props);
        if (settings.containsKey("anonymizers")) {
            dropAnonymizerParameters(props);
        }
        settings.forEach((key, value) -> {
            requireSetting(key, value);
            props.put(key, value.trim());
        });
        props.put("id", purpose);
        Purpose policy = parse(purpose, props);
        requireDeclaredParameters(settings, policy);
        requireOnlyExistingBookkeeping(props, bookkeeping);
        try {
            return policies.recordThenWrite(purpose, policy, PolicyVersion.ACTIVE, actor, material, () -> {
                if (existing == null) {
                    configRepository.createFactoryConfiguration(FACTORY_PID, purpose, asMap(props));
                } else {
                    existing.update(props);
                }
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not write the purpose's configuration", e);
        }
    }

    /** The policy the configuration will declare, read as the core reads it: refused here if the core would refuse it. */
    private static Purpose parse(String purpose, Dictionary<String, Object> props) {
        try {
            return PolicySettings.purpose(purpose, asMap(props));
        } catch (IllegalArgumentException e) {
            throw new ConsentException(Reason.INVALID, e.getMessage());
        }
    }

    private static Map<String, Object> asMap(Dictionary<String, Object> props) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (var keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, props.get(key));
        }
        return map;
    }

    @Override
    public synchronized PolicyVersion retire(String purpose, String actor) {
        requireId(purpose);
        Configuration existing = configuration(purpose);
        PolicyVersion latest = policies.latest(purpose).orElse(null);
        if (existing == null || latest == null) {
            throw new ConsentException(Reason.UNKNOWN_PURPOSE, "no purpose '" + purpose + "' is declared");
        }
        try {
            return policies.recordThenWrite(purpose, null, PolicyVersion.RETIRED, actor, null, existing::delete);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not remove the purpose's configuration", e);
        }
    }

    @Override
    public Optional<PolicyVersion> current(String purpose) {
        requireId(purpose);
        return policies.latest(purpose);
    }

    @Override
    public List<PolicyVersion> history(String purpose) {
        requireId(purpose);
        return policies.history(purpose);
    }

    private static void requireId(String purpose) {
        if (purpose == null || !PURPOSE_ID.matcher(purpose).matches()) {
            throw new ConsentException(Reason.INVALID,
                    "a purpose id is 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /**
     * Anonymizer parameters are only those the installed anonymizer the policy names accepts: each
     * named anonymizer checks its parameters as it would when the purpose is configured. An
     * anonymizer that is not installed cannot check them, so its parameters are refused. Checked
     * when the request changes the anonymizers or their parameters.
     */
    private void requireDeclaredParameters(Map<String, String> settings, Purpose policy) {
        for (AnonymizerRef ref : policy.anonymizers()) {
            if (!ANONYMIZER_NAME.matcher(ref.name()).matches()) {
                throw new ConsentException(Reason.INVALID, "an anonymizer name is lower-case letters, digits and '-'; '"
                        + ref.name() + "' is not one");
            }
        }
        boolean touched = settings.keySet().stream().anyMatch(key -> key.equals("anonymizers") || !SETTINGS.contains(key));
        if (!touched) {
            return;
        }
        for (AnonymizerRef ref : policy.anonymizers()) {
            Anonymizer anonymizer = anonymizers.get(ref.name());
            if (anonymizer == null) {
                if (!ref.parameters().isEmpty()) {
                    throw new ConsentException(Reason.INVALID, "anonymizer '" + ref.name() + "' is not installed, so its "
                            + "parameters " + new TreeSet<>(ref.parameters().keySet()) + " cannot be checked; install it first");
                }
                continue;
            }
            try {
                anonymizer.configure(Map.copyOf(ref.parameters()));
            } catch (InvalidParametersException e) {
                throw new ConsentException(Reason.INVALID, e.getMessage());
            } catch (RuntimeException e) {
                throw new ConsentException(Reason.INVALID, "anonymizer '" + ref.name() + "' could not check its parameters ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /**
     * A request that names the anonymizers replaces the whole chain: the parameters of the chain
     * it replaces go with it, or they would name an anonymizer the policy no longer has.
     */
    private static void dropAnonymizerParameters(Dictionary<String, Object> props) {
        List<String> parameters = new ArrayList<>();
        for (var keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!SETTINGS.contains(key) && !PolicySettings.NOT_POLICY.contains(key) && !ReservedKeys.isReserved(key)) {
                parameters.add(key);
            }
        }
        parameters.forEach(props::remove);
    }

    /** The framework's own entries (PIDs, FileInstall's file name) of an existing configuration. */
    private static Map<String, Object> reservedEntries(Dictionary<String, Object> props) {
        Map<String, Object> reserved = new LinkedHashMap<>();
        for (var keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (ReservedKeys.isReserved(key)) {
                reserved.put(key, props.get(key));
            }
        }
        return reserved;
    }

    /** The last line of defence: nothing reserved is written that the configuration did not hold already. */
    private static void requireOnlyExistingBookkeeping(Dictionary<String, Object> props, Map<String, Object> bookkeeping) {
        for (var keys = props.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (ReservedKeys.isReserved(key) && !Objects.equals(bookkeeping.get(key), props.get(key))) {
                throw new ConsentException(Reason.INVALID, "'" + key + "' is reserved for the framework and cannot be set");
            }
        }
    }

    /** Refused before anything else: a key of the framework's, or a key that is neither a setting nor a parameter. */
    private static void requireSetting(String key, String value) {
        if (ReservedKeys.isReserved(key)) {
            throw new ConsentException(Reason.INVALID, "'" + key + "' is reserved for the framework (Config Admin, "
                    + "FileInstall, Declarative Services) and cannot be part of a policy");
        }
        if (!SETTINGS.contains(key) && !ANONYMIZER_PARAMETER.matcher(key).matches()) {
            throw new ConsentException(Reason.INVALID, "'" + key + "' is not a policy setting: use one of " + SETTINGS
                    + " or <anonymizer>.<parameter>");
        }
        if (value == null) {
            throw new ConsentException(Reason.INVALID, "'" + key + "' needs a value");
        }
    }

    /** The purpose's configuration, by its 'id' or the name in its PID. */
    private Configuration configuration(String purpose) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(&(service.factoryPid=" + FACTORY_PID
                    + ")(|(id=" + purpose + ")(service.pid=" + FACTORY_PID + "~" + purpose + ")))");
            return found == null || found.length == 0 ? null : found[0];
        } catch (Exception e) {
            throw new IllegalStateException("could not read the purpose configurations", e);
        }
    }
}
