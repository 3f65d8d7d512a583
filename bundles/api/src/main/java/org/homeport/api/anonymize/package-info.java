/**
 * The anonymizer SPI: a named plugin that turns parameters into a step applied to each event.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.homeport.api.anonymize;
