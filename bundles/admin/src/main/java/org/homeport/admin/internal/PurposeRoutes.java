package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.Purpose;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The declared purposes and their policies, for the people who decide on them and check them. */
@Component(service = AdminRoutes.class)
public class PurposeRoutes implements AdminRoutes {
    private static final Set<Role> READERS = Set.of(Role.COMPLIANCE_OFFICER, Role.AUDITOR);

    private final Catalog catalog;

    @Activate
    public PurposeRoutes(@Reference Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.people(HttpMethod.GET, "/admin/v1/purposes", READERS, request -> {
                    JsonArray items = new JsonArray();
                    catalog.purposes().stream().sorted(Comparator.comparing(Purpose::id))
                            .forEach(purpose -> items.add(toJson(purpose)));
                    return Reply.items(items);
                }),
                Route.people(HttpMethod.GET, "/admin/v1/purposes/{id}", READERS, request ->
                        Reply.json(toJson(catalog.purpose(request.path("id"))
                                .orElseThrow(() -> Problem.notFound("no purpose '" + request.path("id") + "' is declared"))))));
    }

    static JsonObject toJson(Purpose purpose) {
        JsonArray anonymizers = new JsonArray();
        purpose.anonymizers().forEach(ref -> anonymizers.add(new JsonObject().put("name", ref.name())
                .put("parameters", new JsonObject(new java.util.TreeMap<>(ref.parameters())))));
        return new JsonObject()
                .put("id", purpose.id())
                .put("description", purpose.description())
                .put("legalBasis", purpose.legalBasis().id())
                .put("consentDefault", purpose.consentDefault().id())
                .put("anonymous", purpose.anonymous())
                .put("retention", Json.retention(purpose.retention()))
                .put("anonymizers", anonymizers)
                .put("version", purpose.version());
    }
}
