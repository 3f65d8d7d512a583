package org.homeport.consent.internal.service;

import org.homeport.consent.internal.store.ConsentStore;

/** The open store and its settings, as a service inside this bundle so components start in order. */
public interface StoreHolder {
    ConsentStore store();

    ConsentStoreService.Config config();
}
