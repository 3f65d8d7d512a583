package org.homeport.anonymizers.basic.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.homeport.api.anonymize.Anonymizer;
import org.homeport.api.anonymize.AnonymizerStep;
import org.homeport.api.anonymize.InvalidParametersException;
import org.homeport.api.event.FieldPath;
import org.homeport.api.event.TelemetryEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Replaces values with keyed pseudonyms, {@code "ps_" + hex(HMAC-SHA256(key, value)[0..16))}, so
 * the same value always maps to the same pseudonym under one key and cannot be reversed or
 * re-computed without that key.
 */
@Component(
        configurationPid = HmacAnonymizer.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Anonymizer.NAME_PROPERTY + "=" + HmacAnonymizer.NAME)
@Designate(ocd = HmacAnonymizer.Config.class)
public class HmacAnonymizer implements Anonymizer {
    static final String NAME = "hmac";
    static final String PID = "org.homeport.anonymizer.hmac";
    static final String PREFIX = "ps_";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int PSEUDONYM_BYTES = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @ObjectClassDefinition(name = "Homeport HMAC pseudonymizer",
            description = "The key of the 'hmac' anonymizer. Changing the key changes every pseudonym.")
    public @interface Config {
        /**
         * Property {@code .key}: the leading dot keeps it private, because Declarative Services
         * copies every other configuration property onto the service registration, where any
         * bundle or shell user could read it.
         */
        @AttributeDefinition(name = "Key", type = AttributeType.PASSWORD,
                description = "Base64 HMAC key, at least 32 bytes decoded. Empty: use the key file.")
        String _key() default "";

        @AttributeDefinition(name = "Key file",
                description = "File holding the base64 key, created with a random key if missing. "
                        + "Empty: ${karaf.data}/homeport/keys/hmac.key")
        String key_file() default "";
    }

    private volatile KeyedMac keyedMac;

    @Activate
    public HmacAnonymizer(Config config) {
        this(loadKey(config));
    }

    HmacAnonymizer(byte[] key) {
        this.keyedMac = KeyedMac.of(key);
    }

    /** A new key applies to events from now on, also through steps configured earlier. */
    @Modified
    void modified(Config config) {
        this.keyedMac = KeyedMac.of(loadKey(config));
    }

    private static byte[] loadKey(Config config) {
        Path keyFile = config.key_file().isBlank()
                ? HmacKeys.defaultKeyFile(System.getProperty("karaf.data"))
                : Paths.get(config.key_file());
        try {
            return HmacKeys.load(config._key(), keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the HMAC key file " + keyFile, e);
        }
    }

    @Override
    public AnonymizerStep configure(Map<String, String> parameters) throws InvalidParametersException {
        Parameters.requireOnlyKnown(NAME, parameters, Set.of(Parameters.FIELDS));
        List<FieldPath> fields = Parameters.fields(NAME, parameters, true);
        return event -> apply(fields, event);
    }

    private TelemetryEvent apply(List<FieldPath> fields, TelemetryEvent event) {
        Mac mac = macForOneEvent();
        TelemetryEvent result = event;
        for (FieldPath field : fields) {
            Object value = field.get(result);
            if (value == null) {
                continue;
            }
            Object pseudonymized = pseudonymize(mac, value);
            result = pseudonymized == null ? field.remove(result) : field.update(result, old -> pseudonymized);
        }
        return result;
    }

    /**
     * @return the pseudonym, a list of pseudonyms for a list, or {@code null} for values that
     *         are neither text nor numbers (fail closed: the caller removes them)
     */
    private static Object pseudonymize(Mac mac, Object value) {
        if (value instanceof String || value instanceof Number) {
            return pseudonym(mac, value.toString());
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                Object p = element == null ? null : pseudonymize(mac, element);
                if (p != null || element == null) {
                    out.add(p);
                }
            }
            return out;
        }
        return null;
    }

    static String pseudonym(Mac mac, String value) {
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[PREFIX.length() + 2 * PSEUDONYM_BYTES];
        PREFIX.getChars(0, PREFIX.length(), out, 0);
        for (int i = 0; i < PSEUDONYM_BYTES; i++) {
            out[PREFIX.length() + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[PREFIX.length() + 2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    private Mac macForOneEvent() {
        return keyedMac.newMac();
    }

    /**
     * The key and a {@code Mac} initialised with it. The prototype is never updated after
     * {@link #of}, so concurrent {@code clone()} calls only read it; each event gets its own clone
     * because a {@code Mac} is not thread-safe.
     */
    private record KeyedMac(SecretKeySpec key, Mac prototype) {
        static KeyedMac of(byte[] key) {
            if (key.length < HmacKeys.MIN_KEY_BYTES) {
                throw new IllegalArgumentException("HMAC key must have at least " + HmacKeys.MIN_KEY_BYTES + " bytes");
            }
            SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
            return new KeyedMac(spec, init(spec));
        }

        Mac newMac() {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // Providers without clone support: a fresh instance costs a key schedule, still correct.
                return init(key);
            }
        }

        private static Mac init(SecretKeySpec key) {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }
    }
}
