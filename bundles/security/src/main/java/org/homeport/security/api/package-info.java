/**
 * Who is calling an HTTP surface of Homeport and what they may do: one authentication layer for
 * receivers, the management endpoint and the admin API, so no bundle rolls its own. Since 1.4,
 * also managing device API keys ({@link org.homeport.security.api.ApiKeyManager}, moved here from
 * {@code org.homeport.core.api}); receivers authenticate devices through
 * {@code org.homeport.api.auth.DeviceRequestAuthenticator}, which this bundle provides. Since 1.5,
 * {@link org.homeport.security.api.ServerTls} also serves TCP servers and asks clients for certificates.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.homeport.security.api;
