/**
 * What operators do with the journal: list and replay a sink's dead letters, replay a range of the
 * journal to a sink. The shell commands and the admin API use it; plugins append through {@link
 * org.homeport.api.journal.Journal} instead.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.homeport.journal.api;
