package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.homeport.security.api.ApiKeyException;
import org.homeport.security.api.ApiKeyInfo;
import org.homeport.security.api.ApiKeyManager;
import org.homeport.security.api.IssuedApiKey;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Device API keys for operators: list, create (the key is in the answer once), rotate, revoke. */
@Component(service = AdminRoutes.class)
public class ApiKeyRoutes implements AdminRoutes {
    private static final Set<Role> OPERATOR = Set.of(Role.OPERATOR);
    private static final Duration DEFAULT_OVERLAP = Duration.ofDays(7);

    private final ApiKeyManager keys;

    @Activate
    public ApiKeyRoutes(@Reference ApiKeyManager keys) {
        this.keys = keys;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.people(HttpMethod.GET, "/admin/v1/api-keys", OPERATOR, request -> {
                    JsonArray items = new JsonArray();
                    keys.list().forEach(key -> items.add(toJson(key)));
                    return Reply.items(items);
                }),
                Route.people(HttpMethod.POST, "/admin/v1/api-keys", OPERATOR, request -> {
                    JsonObject body = request.json();
                    IssuedApiKey issued = call(() -> keys.create(Json.requiredString(body, "name"),
                            Json.requiredString(body, "tenant"), Json.strings(body, "purposes"),
                            Json.optionalInstant(body, "expires")));
                    return Reply.json(201, issued(issued))
                            .withHeader("Location", "/admin/v1/api-keys/" + issued.info().name())
                            .withHeader("Cache-Control", "no-store");
                }),
                Route.people(HttpMethod.GET, "/admin/v1/api-keys/{name}", OPERATOR, request ->
                        Reply.json(toJson(keys.find(request.path("name"))
                                .orElseThrow(() -> Problem.notFound("no key named '" + request.path("name") + "'"))))),
                Route.people(HttpMethod.POST, "/admin/v1/api-keys/{name}/rotate", OPERATOR, request -> {
                    JsonObject body = request.body().length() == 0 ? new JsonObject() : request.json();
                    String overlap = Json.optionalString(body, "overlap");
                    Duration grace = overlap == null ? DEFAULT_OVERLAP : Json.duration(overlap, "overlap");
                    IssuedApiKey issued = call(() -> keys.rotate(request.path("name"), grace));
                    return Reply.json(issued(issued)).withHeader("Cache-Control", "no-store");
                }),
                Route.people(HttpMethod.DELETE, "/admin/v1/api-keys/{name}", OPERATOR, request ->
                        Reply.json(toJson(call(() -> keys.revoke(request.path("name")))))));
    }

    private static <T> T call(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (ApiKeyException e) {
            switch (e.reason()) {
                case NOT_FOUND: throw Problem.notFound(e.getMessage());
                case EXISTS: throw Problem.conflict("api-key-exists", e.getMessage());
                default: throw Problem.badRequest("invalid-field", e.getMessage());
            }
        }
    }

    private static JsonObject issued(IssuedApiKey issued) {
        return toJson(issued.info()).put("key", issued.key());
    }

    static JsonObject toJson(ApiKeyInfo key) {
        return new JsonObject()
                .put("name", key.name())
                .put("tenant", key.tenant())
                .put("purposes", Json.array(key.purposes()))
                .put("expires", Json.instant(key.expires()))
                .put("enabled", key.enabled())
                .put("overlapUntil", Json.instant(key.overlapUntil()))
                .put("lastUsed", Json.instant(key.lastUsed()));
    }
}
