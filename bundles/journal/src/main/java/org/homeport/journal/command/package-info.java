/** Karaf shell commands for the journal: backlog, dead letters and replay. */
package org.homeport.journal.command;
