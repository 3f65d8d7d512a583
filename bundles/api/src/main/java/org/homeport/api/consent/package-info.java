/**
 * Consent gate decisions and the consent-record lookup the gate consults.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.homeport.api.consent;
