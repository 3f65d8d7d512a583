/** Karaf shell commands of the {@code homeport} scope; found through the Karaf-Commands header. */
package org.homeport.core.command;
