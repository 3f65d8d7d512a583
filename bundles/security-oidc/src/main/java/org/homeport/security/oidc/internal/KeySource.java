package org.homeport.security.oidc.internal;

import java.security.PublicKey;
import java.util.concurrent.CompletionStage;

/** Finds the public key a token names in its {@code kid}. */
interface KeySource {

    /** @return the key, or {@code null} if the issuer does not have it (even after a refresh) */
    CompletionStage<PublicKey> key(String kid);
}
