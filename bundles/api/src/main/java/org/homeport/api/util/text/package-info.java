/**
 * Text scanners that several plugins share, so that they agree on what they find. Helpers for
 * plugin implementations, not part of the SPI a plugin implements.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.homeport.api.util.text;
