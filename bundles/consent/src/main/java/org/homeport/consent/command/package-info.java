/** The consent:* Karaf shell commands. */
package org.homeport.consent.command;
