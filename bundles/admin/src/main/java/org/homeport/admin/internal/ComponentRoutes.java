package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.homeport.core.api.NodeComponents;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What is installed and what can work: the receivers, anonymizers and sinks running on the node,
 * and every purpose's and pipeline's {@code ok} or held-back state with the reasons. For operators
 * who install plugins and for those who check what the node does with a purpose's events.
 */
@Component(service = AdminRoutes.class)
public class ComponentRoutes implements AdminRoutes {
    private static final Set<Role> READERS = Set.of(Role.OPERATOR, Role.AUDITOR, Role.COMPLIANCE_OFFICER);

    private final NodeComponents components;

    @Activate
    public ComponentRoutes(@Reference NodeComponents components) {
        this.components = components;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.people(HttpMethod.GET, "/admin/v1/components", READERS,
                request -> Reply.json(toJson(components.snapshot()))));
    }

    static JsonObject toJson(NodeComponents.Snapshot snapshot) {
        return new JsonObject()
                .put("receivers", plugins(snapshot.receivers(), false))
                .put("anonymizers", plugins(snapshot.anonymizers(), false))
                .put("sinks", plugins(snapshot.sinks(), true))
                .put("purposes", states(snapshot.purposes()))
                .put("pipelines", states(snapshot.pipelines()));
    }

    private static JsonArray plugins(List<NodeComponents.Plugin> plugins, boolean sinks) {
        JsonArray items = new JsonArray();
        for (NodeComponents.Plugin plugin : plugins) {
            JsonObject item = new JsonObject().put("name", plugin.name()).put("bundle", plugin.bundle())
                    .put("version", plugin.version());
            if (sinks) {
                item.put("aggregating", plugin.aggregating());
            }
            items.add(item);
        }
        return items;
    }

    private static JsonArray states(List<NodeComponents.State> states) {
        JsonArray items = new JsonArray();
        for (NodeComponents.State state : states) {
            items.add(new JsonObject().put("name", state.name()).put("status", state.ok() ? "ok" : "held-back")
                    .put("heldBack", new JsonArray(state.heldBack())));
        }
        return items;
    }
}
