package org.homeport.security.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Authenticates the caller of an HTTP request from its {@code Authorization} header:
 * {@code Bearer <OIDC access token>} (when an OIDC issuer is configured, e.g. Keycloak) or
 * {@code Basic <user:password>} against Karaf's JAAS realm. Repeated failures are throttled per
 * source and per (source, user): a password that failed too often is refused unchecked for that
 * user from that source; bearer tokens and device keys cannot be guessed, so a valid one always
 * passes, and only failing ones from a source over its limit are answered as throttled.
 *
 * <p>Safe to call on an event loop: blocking work runs elsewhere.
 */
@ProviderType
public interface HttpAuthenticator {

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param source        the remote address, for throttling; every surface passes the peer's
     * @return the caller; completed exceptionally with {@link AuthenticationException}
     */
    CompletionStage<Caller> authenticate(String authorization, String source);

    /**
     * Validates an access token (the part after {@code Bearer }) without throttling or counting it:
     * for surfaces that check device credentials themselves and then {@link #record} the outcome
     * with the real source (a token cannot be guessed, so checking it unthrottled is safe).
     *
     * @return the caller; completed exceptionally with {@link AuthenticationException}
     * @since 1.2
     */
    default CompletionStage<Caller> verifyBearer(String token) {
        return authenticate("Bearer " + token, null);
    }

    /**
     * For surfaces that check a credential of their own kind (device API keys on a receiver):
     * whether the source failed too often. Since 1.2, ask this only after the presented credential
     * failed: a valid credential passes even from a throttled source, so an attacker cannot lock
     * out the legitimate users of its address; a failing one is then answered 429 instead of 401.
     */
    boolean isThrottled(String source);

    /**
     * Records the outcome of a credential checked elsewhere, so it counts toward the source's
     * throttling and in the authentication metrics like any other. A success clears nothing:
     * password failures of the same source stay counted.
     *
     * @param method  e.g. {@code apikey}
     * @param outcome {@code success} or a failure reason such as {@code bad-credentials}
     */
    void record(String source, String method, String outcome);
}
