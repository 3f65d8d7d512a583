/**
 * The telemetry event model shared by receivers, the core, anonymizers and sinks, with helpers to address and serialize its fields.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.homeport.api.event;
