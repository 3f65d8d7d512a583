/**
 * Helpers Homeport's own bundles and plugins share, so that every plugin writes the same JSON, reads
 * anonymizer parameters with the same messages and truncates IP addresses alike. Nothing here is
 * to be implemented: these are final classes with static methods. They were in the SPI packages
 * before ({@code event}, {@code anonymize}), where deprecated copies remain until a major version.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.homeport.api.util;
