package org.homeport.api.auth;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one call a receiver makes per request to learn who sends it: API keys and access tokens are
 * checked, failures are counted and throttled per source, and every attempt is counted in the
 * authentication metrics, all in the security bundle. A receiver needs nothing but this and
 * answers a refusal with what the {@link DeviceAuthenticationException} carries.
 *
 * <p>A valid credential passes even from a throttled source (an attacker cannot lock out the
 * devices behind its address); a failing one from a source over its limit is refused as
 * {@link DeviceAuthenticationException.Reason#THROTTLED}.
 *
 * <p>Safe to call on an event loop: an API key is looked up at once (the stage is already
 * complete), an access token is validated elsewhere and completes later.
 *
 * @since 1.3
 */
@ProviderType
public interface DeviceRequestAuthenticator {

    /**
     * @param credentials what the request presented
     * @return the principal; or a stage failed with a {@link DeviceAuthenticationException}. Any
     *         other failure is an internal error of the node (answer 500)
     */
    CompletionStage<DevicePrincipal> authenticate(DeviceCredentials credentials);
}
