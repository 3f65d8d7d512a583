/**
 * What every Homeport HTTP surface writes the same way: RFC 9457 problem documents. Helpers for
 * receivers and the node's own servers, not part of the SPI a plugin implements.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.homeport.api.util.http;
