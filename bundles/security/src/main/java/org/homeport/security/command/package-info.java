/** Karaf shell commands of the {@code homeport} scope for device API keys; found through the Karaf-Commands header. */
package org.homeport.security.command;
