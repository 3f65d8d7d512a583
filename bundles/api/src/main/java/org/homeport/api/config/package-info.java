/**
 * Reading configuration values the way every Homeport bundle does, so operators can write the same
 * value the same way in every file.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.homeport.api.config;
