package org.homeport.api.auth;

/**
 * A credential that is valid but does not allow sending telemetry: an access token without the
 * {@code telemetry-writer} role, or without a tenant. Receivers answer 403, not 401: the caller is
 * known, it just may not do this. The message names what is missing, never the credential.
 *
 * @since 1.2
 * @deprecated since 1.4, with {@link DeviceAuthenticator}: {@link DeviceRequestAuthenticator}
 *             refuses such a credential as {@link DeviceAuthenticationException.Reason#FORBIDDEN}
 */
@Deprecated(since = "1.4")
public class DeviceNotPermittedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceNotPermittedException(String message) {
        super(message, null, false, false);
    }
}
