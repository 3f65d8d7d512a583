/**
 * What the core offers other Homeport bundles (the admin API, the console):
 * {@link org.homeport.core.api.NodeComponents}, what is installed and what is held back. Plugin
 * authors need none of it; their SPI is {@code homeport-api}. Version 2.0 moved device API key
 * management ({@code ApiKeyManager} and its types) to {@code org.homeport.security.api}
 * (docs/adr/0011-device-authentication-in-security.md).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.homeport.core.api;
