package org.homeport.core.internal.topology;

import org.homeport.api.catalog.Purpose;

/** A declared purpose with its anonymizer chain built from what is installed. */
public record PurposeRoute(Purpose purpose, AnonymizerChain chain) {
}
