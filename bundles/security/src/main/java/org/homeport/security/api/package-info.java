/**
 * Who is calling an HTTP surface of Homeport and what they may do: one authentication layer for
 * receivers, the management endpoint and the admin API, so no bundle rolls its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.homeport.security.api;
