package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.EventType;
import org.homeport.api.catalog.Purpose;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The public transparency catalog: which events products may send, with which fields, for which
 * purposes under which policy. Open to anyone, as a privacy notice is: it names declarations,
 * never personal data.
 */
@Component(service = AdminRoutes.class)
public class CatalogRoutes implements AdminRoutes {
    private final Catalog catalog;

    @Activate
    public CatalogRoutes(@Reference Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.open(HttpMethod.GET, "/catalog/v1/event-types", request -> {
            JsonArray items = new JsonArray();
            catalog.eventTypes().stream().sorted(Comparator.comparing(EventType::id))
                    .forEach(type -> items.add(toJson(type)));
            return Reply.items(items);
        }));
    }

    private JsonObject toJson(EventType type) {
        JsonArray fields = new JsonArray();
        type.fields().forEach(field -> fields.add(new JsonObject()
                .put("name", field.name())
                .put("type", field.kind().id())
                .put("required", field.required())));
        JsonArray purposes = new JsonArray();
        // a purpose the type names but nobody declared takes no events: nothing to tell about it
        type.purposes().stream().sorted().map(catalog::purpose).flatMap(Optional::stream)
                .forEach(purpose -> purposes.add(toJson(purpose)));
        return new JsonObject()
                .put("id", type.id())
                .put("description", type.description())
                .put("fields", fields)
                .put("purposes", purposes);
    }

    private static JsonObject toJson(Purpose purpose) {
        return new JsonObject()
                .put("id", purpose.id())
                .put("description", purpose.description())
                .put("legalBasis", purpose.legalBasis().id())
                .put("consentDefault", purpose.consentDefault().id())
                .put("retention", Json.retention(purpose.retention()))
                .put("anonymous", purpose.anonymous())
                .put("aggregateOnly", purpose.aggregateOnly());
    }
}
