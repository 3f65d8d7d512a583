package org.homeport.consent.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The record of processing activities (GDPR Art. 30(1)) as the current purpose policies make it:
 * who the controller is and, per declared purpose, what is processed, why, on which legal basis,
 * for whom, for how long and how it is protected; and each retired purpose whose data may still be
 * held, marked retired, until retention reports it gone.
 */
@ProviderType
public interface RecordOfProcessing {

    /** The record as of now, purposes by id. */
    ProcessingRecord current();
}
