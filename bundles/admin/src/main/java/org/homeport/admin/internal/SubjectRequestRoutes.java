package org.homeport.admin.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homeport.consent.api.DataSubjectRequests;
import org.homeport.security.api.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Data-subject requests for compliance officers (export, erase) and the device-recovery read,
 * the only way to see device-location events. Events of the location purposes are withheld from
 * exports unless the caller is a device-recovery officer too.
 */
@Component(service = AdminRoutes.class, configurationPid = AdminHttpServer.PID)
public class SubjectRequestRoutes implements AdminRoutes {
    private static final Set<Role> OFFICERS = Set.of(Role.COMPLIANCE_OFFICER);
    private static final Set<Role> RECOVERY = Set.of(Role.DEVICE_RECOVERY_OFFICER);
    private static final int MAX_DEVICE_EVENTS = 10_000;
    /** The problem type of a tenant or subject in the path that is not an id as stored. */
    static final String INVALID_IDENTIFIER = "invalid-identifier";

    /** The settings this group reads from the admin API's configuration. */
    public @interface Settings {
        String[] location_purposes() default {"device-recovery"};
    }

    private final DataSubjectRequests requests;
    private final Set<String> locationPurposes;

    @Activate
    public SubjectRequestRoutes(@Reference DataSubjectRequests requests, Settings settings) {
        this.requests = requests;
        this.locationPurposes = new LinkedHashSet<>(List.of(settings.location_purposes()));
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.people(HttpMethod.POST, "/admin/v1/tenants/{tenant}/subjects/{subject}/export", OFFICERS, request -> {
                    List<DataSubjectRequests.Withheld> withheld = withheldFrom(request);
                    DataSubjectRequests.Export export = ConsentRoutes.call(() -> requests.export(request.path("tenant"),
                            ConsentRoutes.subject(request), request.actor(), withheld), INVALID_IDENTIFIER);
                    try {
                        Buffer zip = Buffer.buffer(Files.readAllBytes(export.zip()));
                        return new Reply(200, "application/zip", zip, Map.of(
                                "Content-Disposition", "attachment; filename=\"" + export.id() + ".zip\"",
                                "Cache-Control", "no-store"));
                    } finally {
                        Files.deleteIfExists(export.zip());
                    }
                }),
                Route.people(HttpMethod.POST, "/admin/v1/tenants/{tenant}/subjects/{subject}/erase", OFFICERS, request -> {
                    List<DataSubjectRequests.Withheld> notShown = withheldFrom(request);
                    return Reply.json(new JsonObject(ConsentRoutes.call(() -> requests.erase(request.path("tenant"),
                            ConsentRoutes.subject(request), request.actor(), notShown), INVALID_IDENTIFIER)));
                }),
                Route.people(HttpMethod.GET, "/admin/v1/tenants/{tenant}/devices/{device}/locations", RECOVERY, request -> {
                    JsonArray items = new JsonArray();
                    ConsentRoutes.call(() -> requests.deviceEvents(request.path("tenant"), request.path("device"),
                            locationPurposes, request.actor(), MAX_DEVICE_EVENTS), INVALID_IDENTIFIER)
                            .forEach(line -> items.add(new JsonObject(line)));
                    return Reply.items(items);
                }));
    }

    /** The location purposes, unless the caller is a device-recovery officer too: what its exports leave out, and why. */
    private List<DataSubjectRequests.Withheld> withheldFrom(AdminRequest request) {
        if (request.caller().hasRole(Role.DEVICE_RECOVERY_OFFICER)) {
            return List.of();
        }
        return locationPurposes.stream().map(purpose -> new DataSubjectRequests.Withheld(purpose, "device-location data",
                Role.DEVICE_RECOVERY_OFFICER.id())).toList();
    }
}
