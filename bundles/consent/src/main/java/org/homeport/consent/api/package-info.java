/**
 * Purposes' policy versions, consent records, the audit trail: what the admin API, the consent
 * API and the {@code consent:*} shell commands work with.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.homeport.consent.api;
