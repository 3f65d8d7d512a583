/**
 * What a receiver plugin needs besides the {@link org.homeport.api.intake.Intake} and the
 * {@link org.homeport.api.auth.DeviceRequestAuthenticator}: the shape every receiver gives its
 * answers and metrics, so that a new protocol only maps its input to
 * {@link org.homeport.api.event.TelemetryEvent}s and its outcomes to its own acknowledgements.
 *
 * <p>A receiver is a Declarative Services component (the core never calls it): it takes the shared
 * {@code io.vertx.core.Vertx} and a {@code MeterRegistry} from the runtime bundle, the
 * {@code Intake} from the core and, for protocols with credentials, the
 * {@code DeviceRequestAuthenticator} from the security bundle. For every unit its protocol delivers
 * (a request, a frame, a datagram, a message) it
 * <ol>
 * <li>authenticates the sender (or identifies it by a configured source address, {@link SourceAddresses},
 * or TLS client certificate, {@link ClientCertificates}),</li>
 * <li>parses within its limits and maps to events; a unit that does not parse or maps to no declared
 * type is refused with a {@link Refusal} and counted ({@link ReceiverMeters#REFUSED}),</li>
 * <li>submits the events as one {@link org.homeport.api.intake.Submission} and answers from the
 * {@link Outcomes} (or pauses its connection while the intake is busy),</li>
 * <li>counts the answered unit ({@link ReceiverMeters#REQUESTS}).</li>
 * </ol>
 * Nothing here is to be implemented: final classes and records only. Since 1.1: {@link ClientCertificates}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.homeport.api.receiver;
