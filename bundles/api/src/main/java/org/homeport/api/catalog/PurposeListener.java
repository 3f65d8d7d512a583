package org.homeport.api.catalog;

import java.util.Collection;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the declared purposes change, so that whatever keeps an account of them (the consent
 * bundle's policy history) follows the one reading the core makes, instead of reading the
 * configuration again. Registered as a service (whiteboard); the core calls it on its own thread,
 * one call at a time, and only once every purpose configuration Config Admin holds has been read:
 * a purpose missing from a call was removed, not merely not read yet.
 *
 * @since 1.3
 */
@ConsumerType
public interface PurposeListener {

    /**
     * @param purposes every valid declared purpose, as {@link Catalog#purposes()} gives them
     * @param invalid  the names of purpose declarations that do not parse now: still declared (a
     *                 policy recorded for them stays in force), but no event of them is accepted
     */
    void purposesChanged(Collection<Purpose> purposes, Set<String> invalid);
}
