package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Set;
import org.homeport.api.auth.DevicePrincipal;
import org.homeport.security.api.Caller;
import org.junit.jupiter.api.Test;

/** The actor names the kind of principal, so a person and a device key of the same name differ in the audit trail. */
class AdminRequestTest {

    private static AdminRequest request(Caller caller, DevicePrincipal device) {
        return new AdminRequest(caller, device, Map.of(), MultiMap.caseInsensitiveMultiMap(),
                MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
    }

    @Test
    void thePersonAndTheDeviceKeyNamedDemoAreDifferentActors() {
        String person = request(new Caller("demo", "jaas", Set.of("operator"), null), null).actor();
        String key = request(null, new DevicePrincipal("demo", "demo", Set.of())).actor();

        assertThat(person).isEqualTo("user:demo");
        assertThat(key).isEqualTo("key:demo");
    }

    @Test
    void tokensAreNamedAsTokensAndAPersonsTokenAsThePerson() {
        assertThat(request(new Caller("cora", "oidc", Set.of("compliance-officer"), null), null).actor())
                .isEqualTo("user:cora");
        assertThat(request(new Caller("billing-service", "oidc", Set.of("compliance-officer"), "acme"), null).actor())
                .isEqualTo("token:billing-service");
        assertThat(request(null, new DevicePrincipal("acme", "oidc:tv-fleet", Set.of())).actor())
                .isEqualTo("token:tv-fleet");
    }
}
