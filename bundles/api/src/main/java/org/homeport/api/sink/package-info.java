/**
 * The sink SPI: asynchronous batch writes, acknowledged only when durable, plus optional retention
 * and data-subject export and erasure.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package org.homeport.api.sink;
