package org.homeport.consent.internal.service;

import org.homeport.api.util.ConfigText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.homeport.consent.api.ConsentException;
import org.homeport.consent.api.ConsentException.Reason;
import org.homeport.consent.internal.store.ConsentStore;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Which tenants this node holds data of, so that a data-subject request for a tenant it does not
 * know (a typo, {@code Demo} for {@code demo}) is refused instead of answered "nothing held".
 *
 * <p>The node has no tenant register; a tenant exists where data of it can come from. A tenant is
 * known when (1) a device API key writes for it ({@code etc/org.homeport.apikey-*.cfg}, revoked or
 * expired keys included: their events are still stored), (2) a consent record names it, or (3) the
 * setting {@code known.tenants} lists it, for tenants whose senders use only OAuth2 tokens (the
 * tenant is the token's {@code homeport_tenant} claim, which the node never sees ahead of time) or
 * whose keys were deleted. Tenants are matched exactly, case included, as they are stored.
 */
@Component(service = KnownTenants.class, configurationPid = KnownTenants.PID)
@Designate(ocd = KnownTenants.Config.class)
public class KnownTenants {
    public static final String PID = "org.homeport.consent.requests";
    /** The factory PID of device API keys (the core's {@code ApiKeyConfiguration}); each names its tenant. */
    static final String API_KEY_FACTORY_PID = "org.homeport.apikey";

    @ObjectClassDefinition(name = "Homeport data-subject requests",
            description = "Which tenants access and erasure requests accept")
    public @interface Config {
        @AttributeDefinition(name = "Known tenants", description = "Tenants requests accept besides those a device "
                + "API key writes for or a consent record names: tenants whose senders use only OAuth2 tokens "
                + "(homeport_tenant claim), or whose keys were deleted. Comma-separated; matched exactly, case included")
        String[] known_tenants() default {};
    }

    private final ConsentStore store;
    private final Supplier<Collection<String>> credentialTenants;
    private final Set<String> configured;

    @Activate
    public KnownTenants(@Reference StoreHolder holder, @Reference ConfigurationAdmin configurationAdmin, Config config) {
        this(holder.store(), () -> apiKeyTenants(configurationAdmin), List.of(config.known_tenants()));
    }

    /**
     * @param credentialTenants the tenants device credentials write for, asked anew on each check
     * @param configured        entries of {@code known.tenants}, each possibly comma-separated
     */
    KnownTenants(ConsentStore store, Supplier<Collection<String>> credentialTenants, Collection<String> configured) {
        this.store = store;
        this.credentialTenants = credentialTenants;
        this.configured = new TreeSet<>(ConfigText.list(configured));
    }

    /**
     * Refuses a tenant this node does not know, naming a known tenant that differs only in case.
     *
     * @throws ConsentException {@code UNKNOWN_TENANT}
     */
    public void requireKnown(String tenant) {
        Collection<String> credentials = credentialTenants.get();
        if (configured.contains(tenant) || credentials.contains(tenant) || store.holdsTenant(tenant)) {
            return;
        }
        Set<String> named = new TreeSet<>(configured);
        named.addAll(credentials);
        List<String> sameButCase = new ArrayList<>();
        for (String known : named) {
            if (known.toLowerCase(Locale.ROOT).equals(tenant.toLowerCase(Locale.ROOT))) {
                sameButCase.add("'" + known + "'");
            }
        }
        throw new ConsentException(Reason.UNKNOWN_TENANT, "no tenant '" + tenant + "' is known on this node: no API key "
                + "writes for it, no consent record names it, and known.tenants (etc/" + PID + ".cfg) does not list it."
                + " Tenants are matched exactly, case included"
                + (sameButCase.isEmpty() ? "." : "; did you mean " + String.join(" or ", sameButCase) + "?"));
    }

    private static Collection<String> apiKeyTenants(ConfigurationAdmin configurationAdmin) {
        Set<String> tenants = new TreeSet<>();
        try {
            Configuration[] keys = configurationAdmin.listConfigurations("(service.factoryPid=" + API_KEY_FACTORY_PID + ")");
            for (Configuration key : keys == null ? new Configuration[0] : keys) {
                Dictionary<String, Object> props = key.getProperties();
                Object tenant = props == null ? null : props.get("tenant");
                if (tenant != null && !String.valueOf(tenant).isBlank()) {
                    tenants.add(String.valueOf(tenant).strip());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the API keys' tenants", e);
        }
        return tenants;
    }
}
