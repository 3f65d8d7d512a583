/**
 * What the core offers other Homeport bundles (the admin API, the console): managing device API
 * keys; since 1.1, {@link org.homeport.core.api.NodeComponents}, what is installed and what is held
 * back. Plugin authors need none of it; their SPI is {@code homeport-api}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.homeport.core.api;
