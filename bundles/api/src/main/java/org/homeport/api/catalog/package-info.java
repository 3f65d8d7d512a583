/**
 * Declared purposes and event types: what may be collected, why, and for how long.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.homeport.api.catalog;
