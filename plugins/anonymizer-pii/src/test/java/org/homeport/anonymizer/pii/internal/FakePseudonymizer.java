package org.homeport.anonymizer.pii.internal;

import java.util.List;
import java.util.Set;
import org.homeport.api.anonymize.Pseudonymizer;

/**
 * A stand-in for the shared service: {@code ps_<keyId>_<hex of the value's hash>}. Keys in
 * {@code retired} are still listed as live but refuse to pseudonymize, as a key retiring between
 * {@link #liveKeyIds()} and its use does.
 */
final class FakePseudonymizer implements Pseudonymizer {
    private final List<String> listed;
    private final Set<String> retired;

    FakePseudonymizer(List<String> listed, Set<String> retired) {
        this.listed = List.copyOf(listed);
        this.retired = Set.copyOf(retired);
    }

    FakePseudonymizer(String... keys) {
        this(List.of(keys), Set.of());
    }

    @Override
    public String pseudonymize(String value) {
        return pseudonymize(value, listed.get(0));
    }

    @Override
    public List<String> liveKeyIds() {
        return listed;
    }

    @Override
    public String pseudonymize(String value, String keyId) {
        if (!listed.contains(keyId) || retired.contains(keyId)) {
            throw new IllegalArgumentException("no live key " + keyId);
        }
        return "ps_" + keyId + "_" + Integer.toHexString(value.hashCode());
    }
}
