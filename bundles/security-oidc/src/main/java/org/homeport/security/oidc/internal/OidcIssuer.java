package org.homeport.security.oidc.internal;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Hashtable;
import org.homeport.api.health.Dependency;
import org.homeport.api.health.DependencyState;
import org.homeport.security.api.BearerTokenValidator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OIDC issuer as {@code etc/org.homeport.security.oidc.cfg} configures it. Bearer tokens are
 * validated (a {@link BearerTokenValidator} is registered) only once the file names a usable issuer;
 * until then, and whenever its keys cannot be fetched, {@code /health} says so as the dependency
 * {@code oidc-issuer}. Uninstalling the feature removes this bundle, and with it token validation.
 */
@Component(service = Dependency.class, configurationPid = OidcBearerValidator.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OidcBearerValidator.Config.class)
public class OidcIssuer implements Dependency {
    static final String NAME = "oidc-issuer";
    private static final Logger LOG = LoggerFactory.getLogger(OidcIssuer.class);

    private final OidcBearerValidator validator;
    private final ServiceRegistration<BearerTokenValidator> registration;
    private final String notConfigured;

    @Activate
    public OidcIssuer(BundleContext context, @Reference Vertx vertx, OidcBearerValidator.Config config) {
        OidcBearerValidator created = null;
        String problem = null;
        if (config.issuer() == null || config.issuer().isBlank()) {
            problem = "set 'issuer' (and 'audience') in etc/" + OidcBearerValidator.PID + ".cfg; bearer tokens are refused "
                    + "until then";
            LOG.warn("OIDC is installed but {}", problem);
        } else {
            try {
                created = new OidcBearerValidator(vertx, config);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage(); // already logged, with what to fix
            }
        }
        this.validator = created;
        this.notConfigured = problem;
        this.registration = created == null ? null
                : context.registerService(BearerTokenValidator.class, created, new Hashtable<>());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DependencyState state() {
        if (validator == null) {
            return DependencyState.notConfigured(notConfigured);
        }
        Instant lastFetch = validator.lastKeyFetch().orElse(null);
        if (lastFetch == null) {
            return DependencyState.down(validator.lastKeyFetchFailed()
                    ? "the issuer's signing keys could not be fetched (see the log); every bearer token is refused"
                    : "the issuer's signing keys are being fetched", null);
        }
        if (validator.lastKeyFetchFailed()) {
            return DependencyState.down("the issuer's signing keys could not be fetched (see the log); tokens are checked "
                    + "against the keys fetched at " + lastFetch, lastFetch);
        }
        return DependencyState.up("signing keys fetched", lastFetch);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (validator != null) {
            validator.deactivate();
        }
    }
}
