package org.homeport.security.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Authenticates the caller of an HTTP request from its {@code Authorization} header:
 * {@code Bearer <OIDC access token>} (when an OIDC issuer is configured, e.g. Keycloak) or
 * {@code Basic <user:password>} against Karaf's JAAS realm. Repeated failures from one source are
 * throttled.
 *
 * <p>Safe to call on an event loop: blocking work runs elsewhere.
 */
@ProviderType
public interface HttpAuthenticator {

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param source        the remote address, for throttling
     * @return the caller; completed exceptionally with {@link AuthenticationException}
     */
    CompletionStage<Caller> authenticate(String authorization, String source);

    /**
     * For surfaces that check a credential of their own kind (device API keys on a receiver):
     * whether the source failed too often and must wait, as for people.
     */
    boolean isThrottled(String source);

    /**
     * Records the outcome of a credential checked elsewhere, so it counts toward the source's
     * throttling and in the authentication metrics like any other.
     *
     * @param method  e.g. {@code apikey}
     * @param outcome {@code success} or a failure reason such as {@code bad-credentials}
     */
    void record(String source, String method, String outcome);
}
