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
}
