package org.homeport.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.homeport.security.api.Role;
import org.junit.jupiter.api.Test;

/** The served document describes exactly the routes the bundle offers, with their roles. */
class OpenApiDocumentTest {

    @Test
    void everyRouteIsDocumentedAndNothingElse() throws Exception {
        Set<String> documented = documentedOperations(OpenApiRoutes.document());
        Set<String> offered = allRoutes().stream()
                .map(route -> route.method().name() + " " + route.template())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(offered);
    }

    @Test
    void everyOperationNamesTheRolesThatMayCallIt() throws Exception {
        String document = OpenApiRoutes.document();
        for (Route route : allRoutes()) {
            for (Role role : route.roles()) {
                assertThat(operationText(document, route)).as(route.template()).contains(role.id());
            }
            if (route.access() == Route.Access.DEVICES) {
                assertThat(operationText(document, route)).as(route.template()).contains("Device credentials");
            }
        }
    }

    static List<Route> allRoutes() {
        List<Route> routes = new ArrayList<>();
        Stream.of(new ApiKeyRoutes(null), new OpenApiRoutes(), new PurposeRoutes(null, null), new ConsentRoutes(null),
                new SubjectRequestRoutes(null, settings()), new AuditRoutes(null), new CatalogRoutes(null),
                new RecordOfProcessingRoutes(null), new RetentionRoutes(null), new ComponentRoutes(null),
                new JournalRoutes(null, null))
                .forEach(group -> routes.addAll(group.routes()));
        return routes;
    }

    private static SubjectRequestRoutes.Settings settings() {
        return new SubjectRequestRoutes.Settings() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return SubjectRequestRoutes.Settings.class;
            }

            @Override
            public String[] location_purposes() {
                return new String[] {"device-recovery"};
            }
        };
    }

    /** "GET /admin/v1/…" for every operation under paths: (two-space path keys, four-space methods). */
    static Set<String> documentedOperations(String document) {
        Set<String> operations = new TreeSet<>();
        String path = null;
        boolean inPaths = false;
        for (String line : document.split("\n")) {
            if (!line.startsWith(" ")) {
                inPaths = line.startsWith("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            if (line.startsWith("  /")) {
                path = line.trim().replaceAll(":$", "");
            } else if (line.matches("    (get|post|put|delete|patch):.*")) {
                operations.add(line.trim().replaceAll(":.*", "").toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return operations;
    }

    private static String operationText(String document, Route route) {
        int pathAt = document.indexOf("\n  " + route.template() + ":");
        int methodAt = document.indexOf("\n    " + route.method().name().toLowerCase(Locale.ROOT) + ":", pathAt);
        int next = document.indexOf("\n    ", methodAt + 1);
        while (next >= 0 && document.startsWith("\n      ", next)) {
            next = document.indexOf("\n    ", next + 1);
        }
        return document.substring(methodAt, next < 0 ? document.length() : next);
    }
}
