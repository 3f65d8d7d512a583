package org.homeport.security.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Validates bearer tokens of one issuer. The OIDC bundle (feature {@code homeport-security-keycloak})
 * registers one while its issuer is configured; without one, every bearer token is refused. Every
 * HTTP surface reaches it through {@link HttpAuthenticator}, which also throttles failures.
 */
@ConsumerType
public interface BearerTokenValidator {
    /**
     * The caller the token names, or a stage failed with an {@link AuthenticationException} whose
     * reason says why the token is refused (e.g. {@code bad-signature}, {@code expired}).
     */
    CompletionStage<Caller> validate(String token);
}
