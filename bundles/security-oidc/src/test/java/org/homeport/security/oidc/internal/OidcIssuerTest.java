package org.homeport.security.oidc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.homeport.api.health.DependencyState.Status;
import org.homeport.security.api.BearerTokenValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The feature's shipped file names no issuer: nothing validates tokens and the health says what to
 * set. Once an issuer is set, its validator is registered, and the health follows its key fetches.
 */
class OidcIssuerTest {
    private final Vertx vertx = Vertx.vertx();
    /** What the component registered in the framework, and whether it was withdrawn again. */
    private final List<Object> registered = new ArrayList<>();
    private final List<Object> unregistered = new ArrayList<>();
    private OidcIssuer issuer;
    private JwksServer jwks;

    @AfterEach
    void stop() throws Exception {
        if (issuer != null) {
            issuer.deactivate();
        }
        if (jwks != null) {
            jwks.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private OidcIssuer issuer(Map<String, Object> settings) {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService") || args[0] != BearerTokenValidator.class) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Object service = args[1];
                    registered.add(service);
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                            (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    unregistered.add(service);
                                    return null;
                                }
                                throw new UnsupportedOperationException(m.getName());
                            });
                });
        return new OidcIssuer(context, vertx, TestTokens.config(OidcBearerValidator.Config.class, settings));
    }

    @Test
    void withoutAnIssuerNoTokenIsValidatedAndTheHealthSaysWhatToSet() {
        issuer = issuer(Map.of());

        assertThat(registered).isEmpty();
        assertThat(issuer.state().status()).isEqualTo(Status.NOT_CONFIGURED);
        assertThat(issuer.state().detail()).contains("'issuer'").contains("etc/org.homeport.security.oidc.cfg");
        assertThat(issuer.name()).isEqualTo("oidc-issuer");
    }

    @Test
    void anIssuerOverPlainHttpToAnotherHostValidatesNothingAndSaysWhy() {
        issuer = issuer(Map.of("issuer", "http://keycloak.example.org/realms/homeport"));

        assertThat(registered).isEmpty();
        assertThat(issuer.state().status()).isEqualTo(Status.NOT_CONFIGURED);
        assertThat(issuer.state().detail()).contains("https");
    }

    @Test
    void aReachableIssuerIsUpItsValidatorRegisteredAndWithdrawnOnDeactivation() throws Exception {
        jwks = new JwksServer();
        jwks.publish("k1", TestTokens.rsa());
        issuer = issuer(Map.of("issuer", "http://127.0.0.1/realms/homeport", "jwks_url", jwks.url()));

        await().atMost(Duration.ofSeconds(20)).until(() -> issuer.state().status() == Status.UP);
        assertThat(issuer.state().lastSuccess()).isNotNull();
        assertThat(registered).hasSize(1);

        issuer.deactivate();
        assertThat(unregistered).isEqualTo(registered);
        issuer = null;
    }

    @Test
    void anIssuerWhoseKeysCannotBeFetchedIsDown() throws Exception {
        JwksServer gone = new JwksServer();
        String url = gone.url();
        gone.close();
        issuer = issuer(Map.of("issuer", "http://127.0.0.1/realms/homeport", "jwks_url", url));

        await().atMost(Duration.ofSeconds(20)).until(() -> issuer.state().status() == Status.DOWN
                && issuer.state().detail().contains("could not be fetched"));
        assertThat(issuer.state().lastSuccess()).isNull();
        assertThat(issuer.state().detail()).doesNotContain(url);
    }
}
