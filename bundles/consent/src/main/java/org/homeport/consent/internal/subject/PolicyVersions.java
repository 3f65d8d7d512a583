package org.homeport.consent.internal.subject;

import java.util.List;
import java.util.Map;
import org.homeport.api.catalog.Purpose;

/**
 * Every policy version every purpose ever had, retired purposes included: what may have stored
 * events, and in which forms.
 */
@FunctionalInterface
public interface PolicyVersions {

    /** Purpose id to its versions as purposes, oldest first; the last of a retired purpose is its retired version. */
    Map<String, List<Purpose>> everyVersion();

    /** No history: only what the catalog declares now. */
    PolicyVersions NONE = Map::of;
}
