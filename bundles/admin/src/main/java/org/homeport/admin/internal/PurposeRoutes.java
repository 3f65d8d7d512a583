package org.homeport.admin.internal;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.homeport.api.catalog.Catalog;
import org.homeport.api.catalog.Purpose;
import org.homeport.consent.api.PolicyAdministration;
import org.homeport.consent.api.PolicyVersion;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The declared purposes and their policies, for the people who decide on them (declare, change,
 * retire: each a new version) and those who check them (read, with every earlier version).
 */
@Component(service = AdminRoutes.class)
public class PurposeRoutes implements AdminRoutes {
    private static final Set<Role> READERS = Set.of(Role.COMPLIANCE_OFFICER, Role.AUDITOR);
    private static final Set<Role> OFFICERS = Set.of(Role.COMPLIANCE_OFFICER);
    /** The JSON fields of a policy and the settings they are stored as. */
    private static final Map<String, String> SETTINGS = Map.of("description", "description", "legalBasis", "legal.basis",
            "consentDefault", "consent.default", "anonymous", "anonymous", "retention", "retention",
            "allowedSinks", "sinks.allowed", "dataCategories", "data.categories", "eraseOnWithdrawal", "erase.on.withdrawal", "aggregateOnly", "aggregate.only");

    private final Catalog catalog;
    private final PolicyAdministration policies;

    @Activate
    public PurposeRoutes(@Reference Catalog catalog, @Reference PolicyAdministration policies) {
        this.catalog = catalog;
        this.policies = policies;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.people(HttpMethod.GET, "/admin/v1/purposes", READERS, request -> {
                    JsonArray items = new JsonArray();
                    catalog.purposes().stream().sorted(Comparator.comparing(Purpose::id))
                            .forEach(purpose -> items.add(toJson(purpose, currentVersion(purpose))));
                    return Reply.items(items);
                }),
                Route.people(HttpMethod.GET, "/admin/v1/purposes/{id}", READERS, request ->
                        Reply.json(catalog.purpose(request.path("id")).map(purpose -> toJson(purpose, currentVersion(purpose)))
                                .orElseThrow(() -> Problem.notFound("no purpose '" + request.path("id") + "' is declared")))),
                Route.people(HttpMethod.PUT, "/admin/v1/purposes/{id}", OFFICERS, request -> {
                    JsonObject body = request.json();
                    Boolean material = material(body);
                    PolicyVersion version = ConsentRoutes.call(() -> policies.declare(request.path("id"),
                            settings(body), request.actor(), material));
                    return Reply.json(toJson(version, version));
                }),
                Route.people(HttpMethod.DELETE, "/admin/v1/purposes/{id}", OFFICERS, request -> {
                    PolicyVersion retired = ConsentRoutes.call(() -> policies.retire(request.path("id"), request.actor()));
                    return Reply.json(toJson(retired, retired));
                }),
                Route.people(HttpMethod.GET, "/admin/v1/purposes/{id}/versions", READERS, request -> {
                    JsonArray items = new JsonArray();
                    List<PolicyVersion> history = ConsentRoutes.call(() -> policies.history(request.path("id")));
                    PolicyVersion latest = history.isEmpty() ? null : history.get(history.size() - 1);
                    history.forEach(version -> items.add(toJson(version, latest)));
                    return Reply.items(items);
                }));
    }

    /** The change's {@code material} field: true, false, or absent (null) for the default rule. */
    static Boolean material(JsonObject body) {
        Object material = body.getValue("material");
        if (material != null && !(material instanceof Boolean)) {
            throw Problem.badRequest("invalid-field", "'material' is true or false");
        }
        return (Boolean) material;
    }

    /** A policy's JSON fields as settings; anonymizers as {@code anonymizers} plus {@code <name>.<parameter>}. */
    static Map<String, String> settings(JsonObject body) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String field : body.fieldNames()) {
            if (field.equals("material")) {
                continue;
            }
            Object value = body.getValue(field);
            if (field.equals("anonymizers")) {
                if (!(value instanceof JsonArray steps)) {
                    throw Problem.badRequest("invalid-field", "'anonymizers' is an array of {name, parameters}");
                }
                List<String> names = new ArrayList<>();
                for (Object step : steps) {
                    if (!(step instanceof JsonObject anonymizer) || !(anonymizer.getValue("name") instanceof String name)) {
                        throw Problem.badRequest("invalid-field", "'anonymizers' is an array of {name, parameters}");
                    }
                    names.add(name);
                    JsonObject parameters = anonymizer.getJsonObject("parameters", new JsonObject());
                    parameters.forEach(parameter -> settings.put(name + "." + parameter.getKey(), String.valueOf(parameter.getValue())));
                }
                settings.put("anonymizers", String.join(", ", names));
            } else if (SETTINGS.containsKey(field)) {
                settings.put(SETTINGS.get(field), value instanceof JsonArray list
                        ? String.join(", ", list.stream().map(String::valueOf).toList()) : String.valueOf(value));
            } else {
                throw Problem.badRequest("invalid-field", "'" + field + "' is not a policy field: use " + new TreeSet<>(SETTINGS.keySet())
                        + " or anonymizers");
            }
        }
        return settings;
    }

    /**
     * A version with where it stands: {@code status} is {@code in-force}, {@code superseded} or
     * {@code retired} (before issue 20 every version in use read {@code active}).
     */
    static JsonObject toJson(PolicyVersion version, PolicyVersion latest) {
        return new JsonObject()
                .put("purpose", version.purpose())
                .put("version", version.version())
                .put("status", version.standing(latest))
                .put("material", version.material())
                .put("recordedAt", version.createdAt().toString())
                .put("recordedBy", version.createdBy())
                .put("sha256", version.digest())
                .put("policy", new JsonObject(version.document()));
    }

    /** The policy version in force: the consent store's numbering, not the informational one in etc/. */
    private int currentVersion(Purpose purpose) {
        return policies.current(purpose.id()).map(PolicyVersion::version).orElse(0);
    }

    static JsonObject toJson(Purpose purpose, int version) {
        JsonArray anonymizers = new JsonArray();
        purpose.anonymizers().forEach(ref -> anonymizers.add(new JsonObject().put("name", ref.name())
                .put("parameters", new JsonObject(new java.util.TreeMap<>(ref.parameters())))));
        return new JsonObject()
                .put("id", purpose.id())
                .put("description", purpose.description())
                .put("legalBasis", purpose.legalBasis().id())
                .put("consentDefault", purpose.consentDefault().id())
                .put("anonymous", purpose.anonymous())
                .put("aggregateOnly", purpose.aggregateOnly())
                .put("retention", Json.retention(purpose.retention()))
                .put("anonymizers", anonymizers)
                .put("version", version);
    }
}
