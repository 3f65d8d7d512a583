/**
 * What a receiver submits events to, and the per-event outcome it gets back.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.homeport.api.intake;
