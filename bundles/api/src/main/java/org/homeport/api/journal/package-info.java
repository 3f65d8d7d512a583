/**
 * The node's durable journal: what the intake (and the k-anonymous aggregator) append events to,
 * acknowledged once durable on this node, and from which every sink is fed at its own pace, at
 * least once. {@link org.homeport.api.journal.Journal} appends; {@link
 * org.homeport.api.journal.JournalStatus} tells how far behind each sink is.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.homeport.api.journal;
