package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.homeport.core.api.NodeComponents;
import org.homeport.core.api.NodeComponents.Plugin;
import org.homeport.core.api.NodeComponents.State;
import org.homeport.security.api.Role;
import org.junit.jupiter.api.Test;

class ComponentRoutesTest {

    @Test
    void listsPluginsAndEachPurposeAndPipelineWithItsStateAndReasons() {
        NodeComponents components = () -> new NodeComponents.Snapshot(
                List.of(new Plugin("Homeport HTTP Receiver", "org.homeport.homeport-receiver-http", "0.1.0", false)),
                List.of(new Plugin("hmac", "org.homeport.homeport-anonymizers-basic", "0.1.0", false)),
                List.of(new Plugin("file", "org.homeport.homeport-sink-file", "0.1.0", false),
                        new Plugin("viewing-aggregates", "org.homeport.homeport-aggregate-k-anonymous", "0.1.0", true)),
                List.of(new State("crash-reports", List.of()),
                        new State("usage", List.of("anonymizer 'coarse-location' is not installed"))),
                List.of(new State("default", List.of())));

        Route route = new ComponentRoutes(components).routes().get(0);
        JsonObject body = ComponentRoutes.toJson(components.snapshot());

        assertThat(route.template()).isEqualTo("/admin/v1/components");
        assertThat(route.roles()).containsExactlyInAnyOrder(Role.OPERATOR, Role.AUDITOR, Role.COMPLIANCE_OFFICER);
        assertThat(body.getJsonArray("receivers").getJsonObject(0).getString("bundle"))
                .isEqualTo("org.homeport.homeport-receiver-http");
        assertThat(body.getJsonArray("anonymizers").getJsonObject(0).getString("name")).isEqualTo("hmac");
        assertThat(body.getJsonArray("sinks").getJsonObject(1).getBoolean("aggregating")).isTrue();
        assertThat(body.getJsonArray("purposes").getJsonObject(0).getString("status")).isEqualTo("ok");
        JsonObject usage = body.getJsonArray("purposes").getJsonObject(1);
        assertThat(usage.getString("status")).isEqualTo("held-back");
        assertThat(usage.getJsonArray("heldBack").getString(0)).isEqualTo("anonymizer 'coarse-location' is not installed");
        assertThat(body.getJsonArray("pipelines").getJsonObject(0).getJsonArray("heldBack")).isEmpty();
    }
}
