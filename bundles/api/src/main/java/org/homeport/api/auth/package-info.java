/**
 * Authentication of devices and applications that send telemetry.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.homeport.api.auth;
