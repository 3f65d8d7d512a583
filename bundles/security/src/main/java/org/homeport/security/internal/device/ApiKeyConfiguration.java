package org.homeport.security.internal.device;

import org.homeport.api.util.ConfigText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One device API key, from {@code etc/org.homeport.apikey-<name>.cfg}; only its hash is stored. */
@Component(service = ApiKeyConfiguration.class, configurationPid = ApiKeyConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ApiKeyConfiguration.Config.class, factory = true)
public class ApiKeyConfiguration {
    public static final String PID = "org.homeport.apikey";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyConfiguration.class);

    @ObjectClassDefinition(name = "Homeport device API key",
            description = "A key devices send in X-Api-Key. Create one with homeport:apikey-create; the name after '~' is the key's id.")
    public @interface Config {
        @AttributeDefinition(name = "Tenant", description = "The tenant every event sent with this key belongs to")
        String tenant();

        @AttributeDefinition(name = "Key hash", description = "Lower-case hex SHA-256 of the key")
        String key_sha256();

        @AttributeDefinition(name = "Purposes", description = "Purposes the key may send events for; empty for all")
        String[] purposes() default {};

        @AttributeDefinition(name = "Expires", description = "ISO-8601 instant after which the key is refused; empty for never")
        String expires() default "";

        @AttributeDefinition(name = "Enabled", description = "false revokes the key")
        boolean enabled() default true;

        @AttributeDefinition(name = "Previous key hash",
                description = "After homeport:apikey-rotate: the replaced key, still accepted until 'previous.expires'")
        String previous_key_sha256() default "";

        @AttributeDefinition(name = "Previous key expires", description = "ISO-8601 instant the replaced key stops working")
        String previous_expires() default "";
    }

    /** The parsed key entry. */
    /**
     * A parsed key entry. {@code previousHash} is the key a rotation replaced, accepted until
     * {@code previousExpires} so devices can move to the new key without a gap.
     */
    public record Entry(String id, String tenant, String hash, java.util.Set<String> purposes, Instant expires,
            boolean enabled, String previousHash, Instant previousExpires) {

        public Entry(String id, String tenant, String hash, java.util.Set<String> purposes, Instant expires,
                boolean enabled) {
            this(id, tenant, hash, purposes, expires, enabled, null, null);
        }
    }

    /** What the configuration declares: the parsed entry, or why it could not be parsed. */
    public record Declared(String name, Entry value, String error) {
        static Declared parse(Map<String, Object> props) {
            String name;
            try {
                name = ConfigText.factoryName(props);
            } catch (IllegalArgumentException e) {
                return new Declared("?", null, "API key: " + e.getMessage());
            }
            try {
                return new Declared(name, toEntry(name, props), null);
            } catch (RuntimeException e) {
                return new Declared(name, null, "API key '" + name + "': " + e.getMessage());
            }
        }

        public boolean isValid() {
            return error == null;
        }
    }

    private volatile Declared declared;

    @Activate
    @Modified
    void configure(Map<String, Object> props) {
        declared = Declared.parse(props);
        if (!declared.isValid()) {
            LOG.error("Ignoring invalid {}", declared.error());
        }
    }

    static Entry toEntry(String id, Map<String, Object> props) {
        String tenant = ConfigText.string(props, "tenant", null);
        if (tenant == null) {
            throw new IllegalArgumentException("names no tenant");
        }
        String hash = ConfigText.string(props, "key.sha256", "").toLowerCase(Locale.ROOT);
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("key.sha256 must be 64 hex digits");
        }
        Instant expires = instant(props, "expires");
        String previousHash = ConfigText.string(props, "previous.key.sha256", null);
        if (previousHash != null && !previousHash.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("previous.key.sha256 must be 64 hex digits");
        }
        Instant previousExpires = instant(props, "previous.expires");
        if (previousHash != null && previousExpires == null) {
            throw new IllegalArgumentException("previous.key.sha256 needs previous.expires");
        }
        return new Entry(id, tenant, hash, new LinkedHashSet<>(ConfigText.list(props.get("purposes"))), expires,
                Boolean.parseBoolean(ConfigText.string(props, "enabled", "true")),
                previousHash == null ? null : previousHash.toLowerCase(Locale.ROOT), previousExpires);
    }

    private static Instant instant(Map<String, Object> props, String key) {
        String text = ConfigText.string(props, key, null);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is not an ISO-8601 instant");
        }
    }

    public Declared declared() {
        return declared;
    }
}
