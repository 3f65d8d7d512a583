/**
 * Retention as a visible fact: the shortest retention the sinks can honour, what each retention
 * run deleted per purpose and sink, and what is still held.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.homeport.api.retention;
